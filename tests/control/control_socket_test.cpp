// The control socket: where it is bound, with which mode, what happens to
// whatever is already at its path, and who may connect.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>

#include "control_test_support.hpp"
#include "router/client/control_paths.hpp"

namespace sy::router {
namespace {

using test::RawClient;
using test::RecordingHandler;
using test::RuntimeDir;

struct stat lstat_of(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(lstat(path.c_str(), &st), 0) << path << ": " << std::strerror(errno);
    return st;
}

// A request from a fresh connection gets its echo back.
void expect_answers(ControlServer& server, RecordingHandler& handler, const std::string& path) {
    RawClient client(path);
    ASSERT_TRUE(client.connected()) << path;
    ASSERT_TRUE(client.write(server, handler, "{\"id\":1,\"cmd\":\"status\"}\n"));
    ASSERT_TRUE(client.await_lines(server, handler, 1)) << "no reply on " << path;
    EXPECT_EQ(client.line_json(0)["id"], 1) << client.lines()[0];
}

// A socket bound at `path` and closed without unlinking: a dead engine's.
void leave_stale_socket(const std::string& path) {
    const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    ASSERT_EQ(unix_address(path, address), "");
    ASSERT_EQ(bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0) << std::strerror(errno);
    ::close(fd);
}

TEST(ControlSocket, IsMode0600InA0700FolderEvenWithAPermissiveUmask) {
    RuntimeDir dir;
    const mode_t old_umask = umask(0);
    ControlServer server;
    const std::string error = server.listen("default");
    umask(old_umask);
    ASSERT_EQ(error, "");
    EXPECT_EQ(server.path(), dir.socket());
    const auto st = lstat_of(dir.socket());
    EXPECT_TRUE(S_ISSOCK(st.st_mode));
    EXPECT_EQ(st.st_mode & 07777, 0600u) << std::oct << (st.st_mode & 07777);
    EXPECT_EQ(lstat_of(dir.folder()).st_mode & 07777, 0700u);
    EXPECT_EQ(umask(old_umask), old_umask) << "listen() must put the umask back";
    RecordingHandler handler;
    expect_answers(server, handler, dir.socket());
}

TEST(ControlSocket, LeavesNoTemporaryFileBehind) {
    RuntimeDir dir;
    ControlServer server;
    ASSERT_EQ(server.listen("default"), "");
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir.folder())) names.push_back(e.path().filename());
    EXPECT_EQ(names, std::vector<std::string>{"default.sock"});
}

TEST(ControlSocket, PlantedSymlinkIsReplacedNotFollowed) {
    RuntimeDir dir;
    ASSERT_EQ(make_private_dir(dir.folder()), "");
    const std::string target = dir.path() + "/precious.txt";
    std::ofstream(target) << "keep me";
    ASSERT_EQ(symlink(target.c_str(), dir.socket().c_str()), 0);
    const std::string nowhere = dir.path() + "/nowhere.sock";
    ASSERT_EQ(symlink(nowhere.c_str(), dir.socket("other").c_str()), 0);

    ControlServer server, other;
    ASSERT_EQ(server.listen("default"), "");
    ASSERT_EQ(other.listen("other"), "");
    EXPECT_TRUE(S_ISSOCK(lstat_of(dir.socket()).st_mode)) << "the link itself is replaced by the socket";
    EXPECT_TRUE(S_ISSOCK(lstat_of(dir.socket("other")).st_mode));
    EXPECT_TRUE(S_ISREG(lstat_of(target).st_mode));
    std::stringstream kept;
    kept << std::ifstream(target).rdbuf();
    EXPECT_EQ(kept.str(), "keep me");
    EXPECT_FALSE(std::filesystem::exists(nowhere)) << "nothing is created where a link points";
    RecordingHandler handler;
    expect_answers(server, handler, dir.socket());
}

TEST(ControlSocket, StaleSocketIsReplaced) {
    RuntimeDir dir;
    ASSERT_EQ(make_private_dir(dir.folder()), "");
    leave_stale_socket(dir.socket());
    const ino_t stale = lstat_of(dir.socket()).st_ino;

    ControlServer server;
    ASSERT_EQ(server.listen("default"), "");
    EXPECT_NE(lstat_of(dir.socket()).st_ino, stale);
    RecordingHandler handler;
    expect_answers(server, handler, dir.socket());
}

TEST(ControlSocket, LiveEngineIsRefusedWithTheMessageAndKeepsServing) {
    RuntimeDir dir;
    ControlServer first;
    ASSERT_EQ(first.listen("default"), "");
    const ino_t ours = lstat_of(dir.socket()).st_ino;

    ControlServer second;
    EXPECT_EQ(second.listen("default"), "an engine already runs as instance \"default\" (" + dir.socket() +
                                            "); stop it or use --instance");
    EXPECT_FALSE(second.listening());
    second.close();
    EXPECT_EQ(lstat_of(dir.socket()).st_ino, ours) << "the refused one must not touch the socket";
    RecordingHandler handler;
    expect_answers(first, handler, dir.socket());
    ControlServer elsewhere;
    EXPECT_EQ(elsewhere.listen("studio"), "") << "another instance is fine";
}

TEST(ControlSocket, CloseRemovesTheSocketOnlyWhileItIsStillOurs) {
    RuntimeDir dir;
    {
        ControlServer server;
        ASSERT_EQ(server.listen("default"), "");
        server.close();
        EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(dir.socket())));
    }
    ControlServer server;
    ASSERT_EQ(server.listen("default"), "");
    ASSERT_EQ(unlink(dir.socket().c_str()), 0); // someone took the name over since
    leave_stale_socket(dir.socket());
    const ino_t theirs = lstat_of(dir.socket()).st_ino;
    server.close();
    EXPECT_EQ(lstat_of(dir.socket()).st_ino, theirs);
}

TEST(ControlSocket, UnsafeFolderOrBadNameRefusesToListen) {
    RuntimeDir dir;
    ASSERT_EQ(mkdir((dir.path() + "/elsewhere").c_str(), 0700), 0);
    ASSERT_EQ(symlink((dir.path() + "/elsewhere").c_str(), dir.folder().c_str()), 0);
    ControlServer server;
    const std::string error = server.listen("default");
    EXPECT_NE(error.find("symbolic link"), std::string::npos) << error;
    EXPECT_FALSE(std::filesystem::exists(dir.path() + "/elsewhere/default.sock"));
    EXPECT_NE(server.listen("../x").find("not an instance name"), std::string::npos);
}

// Runs `body` in a child as uid 65534 and returns its exit code. Only
// system calls in the child: it is a fork of a process with threads.
int as_nobody(const std::function<int()>& body) {
    const pid_t pid = fork();
    if (pid == 0) {
        alarm(60); // a hung child dies instead of hanging the test
        if (setgid(65534) != 0 || setuid(65534) != 0) _exit(90);
        _exit(body());
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

int connect_to(const std::string& path) {
    const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

TEST(ControlSocket, AnotherUserCannotConnect) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to become another user";
    RuntimeDir dir;
    ControlServer server;
    ASSERT_EQ(server.listen("default"), "");
    // Open the folders on the way so only the socket's own 0600 stands.
    chmod(dir.path().c_str(), 0711);
    chmod(dir.folder().c_str(), 0711);
    const std::string path = dir.socket();
    const int code = as_nobody([&] {
        const int fd = connect_to(path);
        return fd < 0 && errno == EACCES ? 0 : 1;
    });
    EXPECT_EQ(code, 0) << "uid 65534 could connect to a 0600 socket (1) or the child failed (90+)";
}

TEST(ControlSocket, AnotherUserIsClosedAtOnceEvenWhenTheSocketIsReachable) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to become another user";
    RuntimeDir dir;
    ControlServer server;
    RecordingHandler handler;
    ASSERT_EQ(server.listen("default"), "");
    chmod(dir.path().c_str(), 0711);
    chmod(dir.folder().c_str(), 0711);
    chmod(dir.socket().c_str(), 0666); // a mistake SO_PEERCRED must still catch
    const std::string path = dir.socket();
    int code = -1;
    {
        test::ServerThread loop(server, handler);
        code = as_nobody([&] {
            const int fd = connect_to(path);
            if (fd < 0) return 2;
            const char request[] = "{\"id\":1,\"cmd\":\"status\"}\n";
            (void)!::send(fd, request, sizeof request - 1, MSG_NOSIGNAL);
            char reply[256];
            ssize_t n;
            do {
                n = recv(fd, reply, sizeof reply, 0); // blocks until the server closes it
            } while (n < 0 && errno == EINTR);
            return n <= 0 ? 0 : 3;
        });
    }
    EXPECT_EQ(code, 0) << "2: could not connect at all, 3: got an answer, 90+: the child failed";
    EXPECT_TRUE(handler.requests().empty()) << handler.requests().size() << " requests reached the handler";
    EXPECT_TRUE(server.clients().empty());
    expect_answers(server, handler, dir.socket());
}

} // namespace
} // namespace sy::router

// Replaces a file's contents atomically: readers (and a crash at any moment)
// see either the whole old file or the whole new one, never a truncated mix.
// The classic save bug this avoids is opening the target with O_TRUNC.
#pragma once

#include <string>
#include <string_view>

namespace sy::presets {

struct WriteResult {
    bool ok = false;
    std::string error; // what went wrong, naming the path, when !ok
};

// Writes a temporary file in the target's directory, fsyncs it, renames it
// over the target and fsyncs the directory. On failure the temporary file is
// removed and the target is left as it was. A symbolic link is followed, so
// the link stays and the file it points to is replaced. An existing file's
// permissions are kept; a new file gets 0666 minus the umask. Never throws.
WriteResult write_file_atomically(const std::string& path, std::string_view bytes);

} // namespace sy::presets

//===- RunCommands.h - `kiln run`, `inspect` and `bench` --------*- C++ -*-===//
#ifndef KILN_TOOLS_KILN_RUNCOMMANDS_H
#define KILN_TOOLS_KILN_RUNCOMMANDS_H

#include <string>
#include <vector>

namespace kiln_tool {

int runCommand(const std::vector<std::string> &args);
int inspectCommand(const std::vector<std::string> &args);
int benchCommand(const std::vector<std::string> &args);

/// Prints "kiln: error: <message>" and returns 1.
int fail(const std::string &message);

} // namespace kiln_tool

#endif // KILN_TOOLS_KILN_RUNCOMMANDS_H

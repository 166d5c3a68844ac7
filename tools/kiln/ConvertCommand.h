//===- ConvertCommand.h - `kiln convert` ------------------------*- C++ -*-===//
#ifndef KILN_TOOLS_KILN_CONVERTCOMMAND_H
#define KILN_TOOLS_KILN_CONVERTCOMMAND_H

#include <string>
#include <vector>

namespace kiln_tool {

extern const char *const kConvertHelp;
int convertCommand(const std::vector<std::string> &args);

} // namespace kiln_tool

#endif // KILN_TOOLS_KILN_CONVERTCOMMAND_H

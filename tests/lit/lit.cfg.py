# -*- Python -*-
# lit configuration for kiln's FileCheck tests (tests/lit/**/*.mlir).
#
# Run through Bazel: `bazel test //tests/lit:lit_test` (see lit_test.sh), or by
# hand after `bazel build //tools/kiln-opt`:
#   KILN_OPT=$PWD/bazel-bin/tools/kiln-opt/kiln-opt /usr/lib/llvm-22/bin/lit -v tests/lit

import os
import re

import lit.formats

config.name = "kiln"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir"]
config.excludes = ["lit.cfg.py", "BUILD", "lit_test.sh", "README.md"]

# Keep the runfiles path (no realpath): under Bazel every file is a symlink
# into the source tree, and the tests must run on the declared inputs.
config.test_source_root = os.path.dirname(os.path.abspath(__file__))
# Scratch output (%t) goes to Bazel's per-test temp dir, never into runfiles.
config.test_exec_root = os.path.join(
    os.environ.get("TEST_TMPDIR") or os.environ.get("TMPDIR") or "/tmp",
    "kiln-lit")

llvm_bin = "/usr/lib/llvm-22/bin"

kiln_opt = os.environ.get("KILN_OPT")
if not kiln_opt:
    lit_config.fatal("KILN_OPT is not set: point it at the kiln-opt binary "
                     "(bazel build //tools/kiln-opt)")
if not os.path.isabs(kiln_opt):
    lit_config.fatal("KILN_OPT must be an absolute path, got %r" % kiln_opt)
if not os.access(kiln_opt, os.X_OK):
    lit_config.fatal("KILN_OPT=%r is not an executable file" % kiln_opt)
for tool in ("FileCheck", "not"):
    if not os.access(os.path.join(llvm_bin, tool), os.X_OK):
        lit_config.fatal("%s not found in %s" % (tool, llvm_bin))

# kiln-opt's directory first, then LLVM's tools (FileCheck, not), then the
# inherited PATH for the shell builtins lit does not implement itself.
config.environment["PATH"] = os.pathsep.join(
    [os.path.dirname(kiln_opt), llvm_bin, config.environment.get("PATH", "")])
for var in ("HOME", "TMPDIR", "TEST_TMPDIR"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

# Explicit substitutions too, so a RUN line never picks up another kiln-opt or
# FileCheck from PATH. A tool name only matches as a whole word that is not
# part of a path or of a longer name (the %s path may contain "kiln-...").
def tool_pattern(name):
    return r"(?<![\w\-./%])" + re.escape(name) + r"(?![\w\-./])"

config.substitutions.append((tool_pattern("kiln-opt"), kiln_opt))
config.substitutions.append((tool_pattern("FileCheck"), os.path.join(llvm_bin, "FileCheck")))
config.substitutions.append((tool_pattern("not"), os.path.join(llvm_bin, "not")))

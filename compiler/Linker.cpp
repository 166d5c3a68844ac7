//===- Linker.cpp - link an object into a shared object with lld ----------===//
#include "compiler/Linker.h"

#include "lld/Common/Driver.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/raw_ostream.h"

LLD_HAS_DRIVER(elf)

static const char *const kSystemLibraries[] = {
    "/lib/x86_64-linux-gnu/libm.so.6",
    "/lib/x86_64-linux-gnu/libc.so.6",
};

bool mlir::kiln::linkSharedObject(llvm::ArrayRef<char> object,
                                  llvm::StringRef outputPath,
                                  std::string &error) {
  llvm::SmallString<128> objectPath;
  if (auto ec = llvm::sys::fs::createTemporaryFile("kiln", "o", objectPath)) {
    error = "cannot create a temporary object file: " + ec.message();
    return false;
  }
  llvm::FileRemover remover(objectPath);
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(objectPath, ec);
    if (ec) {
      error = "cannot write '" + std::string(objectPath) + "': " + ec.message();
      return false;
    }
    os.write(object.data(), object.size());
  }
  std::string out = outputPath.str();
  std::vector<const char *> args = {"ld.lld", "-shared", "-Bsymbolic", "-z", "defs",
                                    "-z", "noexecstack", "-z", "relro", "--as-needed",
                                    "-o", out.c_str(), objectPath.c_str()};
  for (const char *lib : kSystemLibraries)
    args.push_back(lib);
  std::string messages;
  llvm::raw_string_ostream os(messages);
  lld::Result result = lld::lldMain(args, os, os, {{lld::Gnu, &lld::elf::link}});
  if (result.retCode != 0) {
    error = "linking '" + out + "' failed: " + messages;
    return false;
  }
  return true;
}

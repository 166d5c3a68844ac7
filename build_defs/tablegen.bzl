"""Runs the system mlir-tblgen from a genrule and wraps the outputs in a cc_library."""

def gentbl(name, td_file, outs, td_srcs = [], deps = []):
    """Generates `.inc` files from `td_file`.

    Args:
      name: name of the resulting cc_library (headers are textual).
      td_file: the main `.td` file.
      outs: list of (flags, output file) pairs.
      td_srcs: other local `.td` files the main one includes.
      deps: cc_library deps of the resulting library.
    """
    srcs = [td_file] + td_srcs + ["@llvm//:mlir_td_files"]
    generated = []
    for i, (flags, out) in enumerate(outs):
        native.genrule(
            name = "%s_gen_%d" % (name, i),
            srcs = srcs,
            outs = [out],
            tools = ["@llvm//:bin/mlir-tblgen"],
            cmd = ("$(location @llvm//:bin/mlir-tblgen) %s -I external/llvm/include " +
                   "-I $$(dirname $(location %s)) -I . $(location %s) -o $@") % (flags, td_file, td_file),
        )
        generated.append(out)
    native.cc_library(
        name = name,
        textual_hdrs = generated,
        deps = deps,
    )

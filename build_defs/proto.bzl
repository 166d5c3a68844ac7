"""Runs the system protoc from a genrule and wraps the C++ output in a cc_library.

rules_proto / cc_proto_library need @com_google_protobuf, which cannot be
fetched offline; the Debian protoc matches the Debian protobuf headers and
library (@system//:protobuf), so the generated code links against those.
"""

def cc_proto_library_system(name, src, visibility = None):
    """Generates `<src>.pb.{h,cc}` with /usr/bin/protoc.

    Args:
      name: name of the resulting cc_library.
      src: the `.proto` file, in this package, importing nothing but
        protobuf's own well-known types.
      visibility: visibility of the cc_library.
    """
    base = src[:-len(".proto")]
    native.genrule(
        name = name + "_protoc",
        srcs = [src],
        outs = [base + ".pb.h", base + ".pb.cc"],
        cmd = "/usr/bin/protoc --proto_path=. --cpp_out=$(GENDIR) $(location %s)" % src,
    )
    native.cc_library(
        name = name,
        srcs = [base + ".pb.cc"],
        hdrs = [base + ".pb.h"],
        deps = ["@system//:protobuf"],
        visibility = visibility,
    )

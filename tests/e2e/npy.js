'use strict';
// Minimal .npy (NumPy array file) reader/writer: C order, little endian.
// Reads format versions 1.0/2.0/3.0, writes 1.0.
// dtypes: <f4 float32, <f8 float64, <i8 int64, <i4 int32, |u1 uint8, |i1 int8, |b1 bool.

const fs = require('fs');

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

// descr -> [ort/JS type name, TypedArray constructor]
const DTYPES = {
  '<f4': ['float32', Float32Array],
  '<f8': ['float64', Float64Array],
  '<i8': ['int64', BigInt64Array],
  '<i4': ['int32', Int32Array],
  '|u1': ['uint8', Uint8Array],
  '|i1': ['int8', Int8Array],
  '|b1': ['bool', Uint8Array],
};
const DESCR_OF = Object.fromEntries(Object.entries(DTYPES).map(([d, [t]]) => [t, d]));

function parseHeader(text) {
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(text);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shape) throw new Error(`bad .npy header: ${text}`);
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s.length).map(Number);
  return { descr: descr[1], fortranOrder: fortran[1] === 'True', shape: dims };
}

// Returns { dtype: 'float32'|'int64'|..., shape: number[], data: TypedArray }.
function readNpy(path) {
  const buf = fs.readFileSync(path);
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) throw new Error(`${path}: not a .npy file`);
  const major = buf[6];
  let headerLen, headerStart;
  if (major === 1) { headerLen = buf.readUInt16LE(8); headerStart = 10; }
  else if (major === 2 || major === 3) { headerLen = buf.readUInt32LE(8); headerStart = 12; }
  else throw new Error(`${path}: unsupported .npy version ${major}.${buf[7]}`);
  const h = parseHeader(buf.toString(major === 3 ? 'utf8' : 'latin1', headerStart, headerStart + headerLen));
  if (h.fortranOrder) throw new Error(`${path}: Fortran-order arrays are not supported`);
  const dt = DTYPES[h.descr];
  if (!dt) throw new Error(`${path}: unsupported dtype ${h.descr} (supported: ${Object.keys(DTYPES).join(' ')})`);
  const [dtype, Ctor] = dt;
  const count = h.shape.reduce((a, b) => a * b, 1);
  const off = headerStart + headerLen;
  const nbytes = count * Ctor.BYTES_PER_ELEMENT;
  if (buf.length - off < nbytes) throw new Error(`${path}: truncated data (${buf.length - off} < ${nbytes} bytes)`);
  // Copy into a fresh, aligned ArrayBuffer.
  const ab = new ArrayBuffer(nbytes);
  new Uint8Array(ab).set(buf.subarray(off, off + nbytes));
  let data = new Ctor(ab);
  if (dtype === 'bool') data = Uint8Array.from(data, (v) => (v ? 1 : 0));
  return { dtype, shape: h.shape, data };
}

function writeNpy(path, dtype, shape, data) {
  const descr = DESCR_OF[dtype];
  if (!descr) throw new Error(`writeNpy: unsupported dtype ${dtype}`);
  const Ctor = DTYPES[descr][1];
  let arr = data;
  if (dtype === 'bool') arr = Uint8Array.from(data, (v) => (v ? 1 : 0));
  else if (!(arr instanceof Ctor)) arr = Ctor.from(data);
  const count = shape.reduce((a, b) => a * b, 1);
  if (arr.length !== count) throw new Error(`writeNpy: ${arr.length} elements for shape [${shape}]`);
  const shapeStr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeStr}, }`;
  // Pad with spaces and a final newline so that magic+version+len+header is a multiple of 64.
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  MAGIC.copy(pre, 0);
  pre[6] = 1; pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const body = Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength);
  fs.writeFileSync(path, Buffer.concat([pre, Buffer.from(header, 'latin1'), body]));
}

module.exports = { readNpy, writeNpy };

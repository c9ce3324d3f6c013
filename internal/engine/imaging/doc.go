// Package imaging decodes untrusted image files and does the pixel work that
// the face and document engines need: resizing, cropping, affine warps,
// model-input tensors and simple quality metrics.
//
// Everything works on [Image], packed 8-bit RGB, because that is what the
// models consume and it is the cheapest layout to sample. Decoding is the
// only place that sees the outside world, so it is written defensively: byte
// and pixel limits are checked from the file header before any pixel memory
// is allocated, the format is sniffed from the content (never the file name),
// and every decoder runs behind a recover so that a decoder bug turns into
// [ErrCorrupt] instead of taking the process down.
//
// JPEG, the format of nearly every phone photo and ID scan, is decoded with
// libjpeg-turbo's TurboJPEG API through cgo (about 4× faster than
// image/jpeg, and able to downscale during the inverse DCT). Builds without
// cgo fall back to image/jpeg with identical semantics. PNG uses image/png
// and WebP golang.org/x/image/webp.
package imaging

// Package imaging decodes untrusted image files and does the pixel work that
// the face and document engines need: resizing, cropping, affine warps,
// model-input tensors and simple quality metrics.
//
// Everything works on [Image], packed 8-bit RGB, because that is what the
// models consume and it is the cheapest layout to sample.
//
// # Decoding
//
// Decoding is the only place that sees the outside world, so it is written
// defensively: the byte limit is checked first, the format is sniffed from
// the content (never the file name: only JPEG, PNG and WebP are accepted),
// the pixel limit is checked from the file header before any pixel memory
// is allocated, and every decoder runs behind a recover so that a decoder
// bug turns into [ErrCorrupt] instead of taking the process down.
//
// JPEG, the format of nearly every phone photo and ID scan, is decoded with
// libjpeg-turbo's TurboJPEG API through cgo (link with -lturbojpeg; Debian:
// libturbojpeg0-dev), about 4× faster than image/jpeg, and downscaled during
// the inverse DCT when the photo is larger than [Limits].MaxSide. Builds
// without cgo, or with the noturbo build tag, fall back to image/jpeg with
// the same semantics. PNG uses
// image/png and WebP golang.org/x/image/webp (animated WebP is refused).
//
// Policies worth knowing:
//   - A truncated JPEG (no EOI marker after the image data) and a JPEG whose
//     decoder warnings say data is missing or garbled are [ErrCorrupt], not a
//     partly grey image: a half-grey ID photo must not be analysed. Harmless
//     warnings (extra bytes before a marker, odd JFIF versions) are accepted.
//   - The EXIF orientation (JPEG APP1, PNG eXIf, WebP EXIF) is applied, so
//     phone portraits come out upright; [Info] reports it, with the stored
//     size and the scale needed to map coordinates back to the file.
//   - Transparent pixels are composited over white.
//   - Images under [MinSide] pixels on a side are [ErrTooSmall].
//
// # Pixel operations
//
// Resampling ([Resize], [ResizeToPlanes], [Image.Gray]) is separable fixed
// point: bilinear on pixel centres (OpenCV INTER_LINEAR positions) up to a
// 2× shrink, area averaging beyond, so small faces in big photos do not
// alias. Large jobs are split across CPUs. [WarpAffine] follows
// cv2.warpAffine with WARP_INVERSE_MAP and a black border.
package imaging

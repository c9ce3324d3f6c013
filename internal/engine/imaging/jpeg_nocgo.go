//go:build !cgo || noturbo

package imaging

// Without cgo, or with the noturbo build tag (for machines without
// libturbojpeg0-dev), there is no libjpeg-turbo: fall back to image/jpeg,
// which is about 4× slower but has the same semantics.
var jpegBackend = decodeJPEGStd

// turboAvailable reports whether JPEGs are decoded with libjpeg-turbo.
const turboAvailable = false

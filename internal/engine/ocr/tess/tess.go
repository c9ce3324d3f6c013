// Package tess reads single text lines with Tesseract 5 for the scripts
// PaddleOCR cannot read: Hangul, Japanese kana and Cyrillic.
//
// A Pool keeps warm Tesseract instances per language, because loading a
// traineddata file costs 7–100 ms while reading a line costs 5–25 ms.
// Read recognises one line image in one language; Identify tries several
// languages and keeps the one whose answer is both confident and written in
// that language's script; ScriptOf names the script of a text.
//
// Threads: libtesseract uses OpenMP, which on a 2-core machine makes every
// line several times slower (measured here: 65 ms instead of 8 ms per
// Russian line) unless OpenMP runs one thread. The Pool forces OpenMP onto
// the calling thread for each recognition itself (see serialOpenMP), so it
// does not depend on the environment. Still export OMP_THREAD_LIMIT=1 for
// the process (Makefile, CLI, service unit) so that nothing else loaded
// with libgomp spins either. Setting it with os.Setenv at run time does
// nothing: libgomp reads it once, when the dynamic loader maps the
// library, before Go's main runs (measured: the thread limit stays
// unlimited and lines stay slow).
//
// Tesseract's diagnostics go to /dev/null for the whole process once the
// first Pool loads (see quietOnce).
//
// Build: cgo with gcc, libtesseract-dev (which brings libleptonica-dev) and
// gcc's libgomp; the language data comes from the Debian packages
// tesseract-ocr-<lang> (kor, jpn, rus, ...).
package tess

package tess

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode"

	"openkyc/internal/engine/imaging"
)

// DefaultDataDir is where Debian's tesseract-ocr-<lang> packages put their
// traineddata files.
const DefaultDataDir = "/usr/share/tesseract-ocr/5/tessdata"

// ErrClosed is returned by Read and Identify after Close.
var ErrClosed = errors.New("tess: pool closed")

// Result is what Tesseract read from one line.
type Result struct {
	// Text is the line with surrounding space trimmed and every run of
	// internal white space replaced by one space.
	Text string
	// Confidence is the mean of Tesseract's word confidences, 0..1; 0 when
	// nothing was read.
	Confidence float64
}

// Pool holds Tesseract clients for a fixed set of languages. It is safe for
// concurrent use. Each call checks a client out for itself, because a
// Tesseract instance is not safe for concurrent use; at most Size calls
// per language recognise at once and the others wait.
type Pool struct {
	dir   string
	size  int
	langs map[string]*langPool
	order []string // languages as given, for Languages and errors

	done      chan struct{} // closed by Close
	closeOnce sync.Once
}

// langPool is the clients of one language (or combination, "kor+eng").
// slots holds exactly Pool.size entries whenever no call is in flight: a
// warm client, or nil for one not created yet. A call takes an entry,
// creates the client if it got nil, and puts it back when done, so the
// channel is both the idle list and the bound on clients.
type langPool struct {
	lang  string
	slots chan *api
}

// initMu serialises loading Tesseract instances process-wide: loads are
// rare, and Tesseract's initialisation touches process-global parameters.
var initMu sync.Mutex

// Options tune NewPoolOptions. The zero value gives NewPool's behaviour.
type Options struct {
	// DataDir holds <lang>.traineddata; empty means $TESSDATA_PREFIX, else
	// DefaultDataDir.
	DataDir string
	// Size is the most clients per language; 0 means runtime.NumCPU(),
	// since more clients recognising at once than there are cores only
	// queue for the CPU while each costs memory.
	Size int
	// Lazy languages are checked at start-up like the others but loaded
	// on first use: rarely needed ones (the Latin languages whose
	// diacritics only name lines need) then cost no memory until a
	// document asks for them.
	Lazy []string
}

// NewPool checks that every language's traineddata is installed and loads
// one client per language, so that a missing or broken language pack fails
// at start-up rather than on the first ID card, and so that the first read
// in each language does not pay the load (measured: kor 15 ms, rus 12 ms,
// jpn 63 ms, eng 55 ms, chi_sim 60 ms, chi_sim+eng 103 ms). Further
// clients, up to runtime.NumCPU() per language, are loaded only when
// concurrent calls need them (a second load of a language is cheaper, its
// dictionaries being cached), because each costs memory. A language may
// combine packs with "+" ("kor+eng"), as in Tesseract; each combination
// gets its own clients. Mixing languages in one client makes lines slower
// and wrong more often, so prefer one language per client.
func NewPool(langs []string) (*Pool, error) {
	return NewPoolOptions(langs, Options{})
}

// NewPoolOptions is NewPool with a data directory and pool size.
func NewPoolOptions(langs []string, opt Options) (*Pool, error) {
	if len(langs) == 0 {
		return nil, errors.New("tess: no languages")
	}
	dir := opt.DataDir
	if dir == "" {
		dir = os.Getenv("TESSDATA_PREFIX")
	}
	if dir == "" {
		dir = DefaultDataDir
	}
	size := opt.Size
	if size <= 0 {
		size = runtime.NumCPU()
	}
	p := &Pool{dir: dir, size: size, langs: map[string]*langPool{}, done: make(chan struct{})}
	for _, lang := range append(slices.Clip(langs), opt.Lazy...) {
		if _, dup := p.langs[lang]; dup {
			continue
		}
		if err := checkLang(dir, lang); err != nil {
			return nil, err
		}
		lp := &langPool{lang: lang, slots: make(chan *api, size)}
		for range size {
			lp.slots <- nil
		}
		p.langs[lang] = lp
		p.order = append(p.order, lang)
	}
	for _, lang := range langs {
		c, err := newClient(dir, lang)
		if err != nil {
			p.Close()
			return nil, err
		}
		lp := p.langs[lang]
		<-lp.slots
		lp.slots <- c
	}
	return p, nil
}

// checkLang reports a missing traineddata file together with the Debian
// package that provides it, which is the fix an operator needs.
func checkLang(dir, lang string) error {
	for part := range strings.SplitSeq(lang, "+") {
		if part == "" || strings.ContainsAny(part, `/\.`) {
			return fmt.Errorf("tess: bad language %q", lang)
		}
		path := filepath.Join(dir, part+".traineddata")
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("tess: language %q: %s missing (install the Debian package %s, or set TESSDATA_PREFIX): %w",
				part, path, debianPackage(part), err)
		}
	}
	return nil
}

// debianPackage names the Debian package holding a language's data:
// "chi_sim" is in tesseract-ocr-chi-sim.
func debianPackage(lang string) string {
	return "tesseract-ocr-" + strings.ReplaceAll(strings.ToLower(lang), "_", "-")
}

// newClient loads lang from dir.
func newClient(dir, lang string) (*api, error) {
	initMu.Lock()
	defer initMu.Unlock()
	a, err := newAPI(dir, lang)
	if err != nil {
		return nil, fmt.Errorf("tess: load %q from %s: %w", lang, dir, err)
	}
	return a, nil
}

// Read recognises line, an image of one horizontal line of text (a crop
// from a text detector, any size), in lang, which must be one of the
// pool's languages. It converts the crop to gray, scales it to 40–64 px
// high and adds a white border (see prepare). An image too small or too
// uniform to hold text gives an empty Result and no error. ctx bounds the
// wait for a free client; a recognition that has started runs to its end
// (5–25 ms per line here), as Tesseract cannot stop within a line.
func (p *Pool) Read(ctx context.Context, line *imaging.Image, lang string) (Result, error) {
	lp := p.langs[lang]
	if lp == nil {
		return Result{}, fmt.Errorf("tess: language %q not in pool %v", lang, p.order)
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	if line != nil && line.W > 0 && line.H > 0 && len(line.Pix) < 3*line.W*line.H {
		return Result{}, fmt.Errorf("tess: malformed %dx%d image with %d bytes", line.W, line.H, len(line.Pix))
	}
	gray, w, h := prepare(line)
	if gray == nil {
		return Result{}, nil
	}
	c, err := p.checkout(ctx, lp)
	if err != nil {
		return Result{}, err
	}
	text, conf, err := c.recognize(gray, w, h)
	lp.slots <- c
	if err != nil {
		return Result{}, err
	}
	text = normalizeSpace(text)
	if text == "" {
		return Result{}, nil
	}
	return Result{Text: text, Confidence: min(max(conf/100, 0), 1)}, nil
}

// checkout takes a client of lp, loading it if its slot is empty.
func (p *Pool) checkout(ctx context.Context, lp *langPool) (*api, error) {
	select {
	case <-p.done:
		return nil, ErrClosed
	default:
	}
	var c *api
	select {
	case c = <-lp.slots:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-p.done:
		return nil, ErrClosed
	}
	select {
	case <-p.done:
		lp.slots <- c // Close is waiting for every slot
		return nil, ErrClosed
	default:
	}
	if c == nil {
		var err error
		if c, err = newClient(p.dir, lp.lang); err != nil {
			lp.slots <- nil
			return nil, err
		}
	}
	return c, nil
}

// normalizeSpace trims s and replaces each run of white space (Tesseract
// ends lines with '\n') with one space.
func normalizeSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// Close frees every client once the calls using them have returned; calls
// after Close get ErrClosed. Close is idempotent.
func (p *Pool) Close() {
	p.closeOnce.Do(func() {
		close(p.done)
		for _, lang := range p.order {
			lp := p.langs[lang]
			for range p.size {
				if c := <-lp.slots; c != nil {
					c.close()
				}
			}
		}
	})
}

package document

import (
	"context"
	"runtime"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"openkyc/internal/engine/document/dates"
	"openkyc/internal/engine/document/fields"
	"openkyc/internal/engine/ocr"
	"openkyc/internal/engine/ocr/tess"
	"openkyc/internal/engine/textnorm"
	"openkyc/internal/par"
)

// countryLanguage is the Tesseract language of a country's native script,
// for the countries whose documents print one PaddleOCR cannot read.
var countryLanguage = map[string]string{
	"KOR": "kor", "PRK": "kor", "JPN": "jpn",
	"RUS": "rus", "BLR": "rus", "UKR": "rus", "KAZ": "rus", "KGZ": "rus", "BGR": "rus", "SRB": "rus", "MKD": "rus", "MNG": "rus",
}

// nativeLanguage decides which Tesseract language reads the lines PaddleOCR
// could not: from the country the readable lines name (REPUBLIC OF KOREA,
// 運転免許証, RUSSIAN FEDERATION, an MRZ state) when they do — free — and
// otherwise by asking Tesseract to identify the script of the two widest
// such lines (about 30 ms a line), "" when none is a word. named
// reports the first case; a Latin-script country names no language. mrzLines
// are the MRZ band's re-read rows (mrzBand), whose state is the surest
// name.
func (e *Engine) nativeLanguage(ctx context.Context, res []ocr.LineResult, todo []int, mrzLines []ocr.Line) (lang string, named bool, err error) {
	readable := slices.Clip(mrzLines)
	for _, r := range res {
		if !ocr.LooksUnreadable(r.Rec) {
			readable = append(readable, r.Line)
		}
	}
	now := e.now()
	country := fields.Extract(readable, now).IssuingCountry
	if m := findMRZ(readable, now, untimed); m != nil && m.IssuingState != "" {
		country = m.IssuingState
	}
	if country != "" {
		// A Latin-script country's lines PaddleOCR could not read are
		// signatures, seals and holograms, not another script.
		return countryLanguage[country], true, nil
	}
	// A line of a letter or two ("F" beside "Sex") says nothing of its
	// script: identify on words.
	var words []int
	for _, i := range todo {
		if res[i].Box.Width() >= 2*res[i].Box.Height() {
			words = append(words, i)
		}
	}
	sort.Slice(words, func(a, b int) bool { return res[words[a]].Box.Width() > res[words[b]].Box.Width() })
	votes := map[string]float64{}
	for _, i := range words[:min(2, len(words))] {
		lang, r, err := e.tess.Identify(ctx, res[i].Crop, TesseractLanguages)
		if err != nil {
			return "", false, err
		}
		votes[lang] += r.Confidence
	}
	for l, v := range votes {
		if lang == "" || v > votes[lang] {
			lang = l
		}
	}
	return lang, false, nil
}

// wholeDocument lists the Tesseract languages whose documents are read
// whole, with the lines PaddleOCR did read that are offered again:
//   - rus: PaddleOCR reads Cyrillic as confident Latin look-alikes rather
//     than failing on it ("СОКОЛОВ" → "COKONOB" at 0.94, "ЧЕРНЫШЁВ" →
//     "YEPHbIWEB" at 0.94), which LooksUnreadable cannot catch line by
//     line, so every line with letters is offered;
//   - jpn: PaddleOCR's Chinese dictionary reads Japanese kanji as their
//     Chinese forms or neighbours (輔 → 辅, 恵 → 惠, 県 → 鼎, 橋 → 橘), so
//     every line with Han characters is offered.
//
// Hangul gives PaddleOCR nothing to confuse, so Korean documents need only
// their unreadable lines read again.
var wholeDocument = map[string]func(string) bool{
	"rus": func(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 },
	"jpn": func(s string) bool { return strings.IndexFunc(s, isHan) >= 0 },
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// reread sends the lines PaddleOCR could not read to Tesseract. The
// language is identified once per document, on its longest such lines:
// a document is printed in one native script. On a document in one of the
// wholeDocument languages the lines it offers are read too, and
// Tesseract's reading replaces PaddleOCR's where nativeReading says it is
// the right one. Lines are read on as many cores as the machine has.
func (e *Engine) reread(ctx context.Context, res []ocr.LineResult, mrzLines []ocr.Line) error {
	if e.tess == nil {
		return nil
	}
	var todo, also []int
	for i, r := range res {
		if ocr.LooksUnreadable(r.Rec) {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	lang, named, err := e.nativeLanguage(ctx, res, todo, mrzLines)
	if err != nil || lang == "" {
		return err
	}
	// Only a document that names its country is read whole: a Latin card
	// with a few unreadable lines (a signature, a hologram) may be
	// identified as Cyrillic, and its names would then be "read" in
	// Cyrillic look-alikes.
	if offer := wholeDocument[lang]; named && offer != nil {
		for i, r := range res {
			if !ocr.LooksUnreadable(r.Rec) && !mrzish(r.Text) && offer(r.Text) {
				also = append(also, i)
			}
		}
	}
	idx := append(todo, also...)
	read := make([]tess.Result, len(idx))
	err = par.ForEach(ctx, runtime.NumCPU(), len(idx), func(k int) (err error) {
		read[k], err = e.tess.Read(ctx, res[idx[k]].Crop, lang)
		return err
	})
	if err != nil {
		return err
	}
	for k, i := range idx {
		r := read[k]
		if k >= len(todo) && !nativeReading(res[i].Rec, r, lang) {
			continue
		}
		if r.Text == "" || r.Confidence < minTesseractConfidence {
			res[i].Text = "" // unreadable by either recogniser: not text
			continue
		}
		if k < len(todo) && mixedScripts[lang] {
			r = mixScripts(res[i].Rec, r, lang)
		}
		res[i].Text, res[i].Confidence = r.Text, r.Confidence
		// tess.ScriptOf knows Hangul, kana and Cyrillic; ocr.ScriptOf only
		// the scripts PaddleOCR reads.
		res[i].Script = ocr.Script(tess.ScriptOf(r.Text))
		res[i].Recognizer = "tesseract:" + lang
	}
	return nil
}

// mixedScripts are the languages whose cards print native words and Latin
// on one line ("장민지  JANG MINJI", "성명 Name", "주소 Address"), which the
// text detector often boxes together.
var mixedScripts = map[string]bool{"kor": true, "jpn": true}

// mixConfidence: PaddleOCR's reading of the Latin and digits of a mixed
// line is kept when at least this confident ("JANG MINJI" 0.90, "Name"
// 0.97; "2号" 0.45 and "ssue" 0.66 are fragments of misread native text).
const mixConfidence = 0.85

// mixScripts combines the two readings of a line holding native words
// and Latin: Tesseract reads the native words and garbles the Latin
// ("장민지 ]4416 41401"), PaddleOCR reads the Latin and digits and skips the
// native words ("JANG MINJI"). The native words of t come first, as the
// cards print them, then PaddleOCR's reading.
func mixScripts(pp ocr.Text, t tess.Result, lang string) tess.Result {
	latin := strings.TrimSpace(pp.Text)
	if pp.Confidence < mixConfidence || !latinOnly(latin) || strings.IndexFunc(latin, func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}) < 0 {
		return t
	}
	var native []string
	for _, w := range strings.Fields(t.Text) {
		if share, _ := tess.ScriptShare(w, lang); share == 1 {
			native = append(native, w)
		}
	}
	if len(native) == 0 {
		return t
	}
	return tess.Result{Text: strings.Join(native, " ") + " " + latin, Confidence: min(t.Confidence, pp.Confidence)}
}

// Thresholds of nativeReading.
const (
	// nativeMinShare: at least half of Tesseract's reading must be in
	// lang's script; digits and dates stay PaddleOCR's.
	nativeMinShare = 0.5
	// plainLatinConfidence: a PaddleOCR reading this confident, in plain
	// Latin, is Latin print ("EVGENII" 0.96, "SOKOLOV" 1.00) unless it
	// spells Tesseract's reading in look-alikes.
	plainLatinConfidence = 0.95
	// lookalikeSimilarity: the share of characters PaddleOCR's reading
	// and the Latin look-alike spelling of Tesseract's must have in
	// common for both to be one word ("MB80233" / "МВД 80233" 0.88,
	// "EVGENII" / "ЕМСЕМИ" 0.29).
	lookalikeSimilarity = 0.6
	// kanjiConfidence: Tesseract's jpn readings of the name and address
	// lines of generated licences scored 0.81–0.96; below this a reading
	// is a seal or a pattern.
	kanjiConfidence = 0.75
)

// nativeReading reports whether Tesseract's reading t of a line PaddleOCR
// read as pp is the right one on a document in lang (a wholeDocument
// language). Measured on generated Russian passports: bilingual labels
// ("KonrocynapcTBa/Code" → "Код государства / Соде"), names and
// authorities go to Tesseract; the Latin name lines, RUS, M/M and the
// dates stay PaddleOCR's. On generated Japanese licences Tesseract's
// kanji are the Japanese forms ("井上 大輔", "神奈川県…宮本町").
func nativeReading(pp ocr.Text, t tess.Result, lang string) bool {
	if t.Confidence < minTesseractConfidence {
		return false
	}
	if share, _ := tess.ScriptShare(t.Text, lang); share < nativeMinShare {
		return false
	}
	if lang == "jpn" {
		// A date PaddleOCR read that Tesseract's reading lost (令和 read
		// as 谷和) stays PaddleOCR's.
		lost := len(dates.FindAllOrder(pp.Text, dates.YMD)) > len(dates.FindAllOrder(t.Text, dates.YMD))
		return t.Confidence >= kanjiConfidence && !lost
	}
	return pp.Confidence < plainLatinConfidence || !plainLatin(pp.Text) ||
		similarity(strings.ToUpper(pp.Text), latinLookalike(t.Text)) >= lookalikeSimilarity
}

// plainLatin reports whether s is ASCII without a lower-case letter
// directly followed by a capital: "HoMep", "YEPHbIWEB" and
// "KonrocynapcTBa" are Cyrillic read as Latin.
func plainLatin(s string) bool {
	var prev rune
	for _, r := range s {
		if r > unicode.MaxASCII || unicode.IsLower(prev) && unicode.IsUpper(r) {
			return false
		}
		prev = r
	}
	return true
}

// cyrillicLookalikes spells Cyrillic capitals the way PaddleOCR misreads
// them: the exact look-alikes, and its usual choice for the rest.
var cyrillicLookalikes = strings.NewReplacer(
	"А", "A", "В", "B", "Е", "E", "Ё", "E", "К", "K", "М", "M", "Н", "H", "О", "O", "Р", "P",
	"С", "C", "Т", "T", "У", "Y", "Х", "X", "З", "3", "Ч", "4", "Л", "N", "И", "N", "Й", "N",
	"П", "N", "Г", "F", "Ш", "W", "Щ", "W", "Ц", "U", "Д", "A", "Ы", "BI", "Я", "A", "Ж", "X",
	"Ь", "B", "Ъ", "B", "Б", "6", "Ф", "中", "Э", "3", "Ю", "IO",
)

func latinLookalike(s string) string {
	return cyrillicLookalikes.Replace(strings.ToUpper(s))
}

// similarity is 1 − the edit distance between a and b (spaces ignored)
// over the longer one's length.
func similarity(a, b string) float64 {
	a, b = strings.ReplaceAll(a, " ", ""), strings.ReplaceAll(b, " ", "")
	n := max(utf8.RuneCountInString(a), utf8.RuneCountInString(b))
	if n == 0 {
		return 0
	}
	return 1 - float64(textnorm.Distance(a, b))/float64(n)
}

// Package fields reads the printed (visual) zone of an identity document:
// from the OCR lines of a card or passport page it finds the labels
// ("Surname / Nom", 생년월일, 氏名, Дата рождения, EU licence numbers 1.–8.)
// and their values, the document type and issuing country from the titles
// printed on it, and the script it is printed in.
//
// It never invents: a field whose value cannot be found or read is absent,
// and a date that is not a real calendar day is no date. The MRZ, when
// present, is read elsewhere; the integrator cross-checks the two.
package fields

import (
	"cmp"
	"slices"
	"time"

	"openkyc/internal/engine/document/dates"
	"openkyc/internal/engine/ocr"
)

// SourceVisual is the Source of every Field: read from the printed zone.
const SourceVisual = "visual"

// Field is one value read from the document.
type Field struct {
	Name  string
	Value string
	// Confidence is the recognizer's confidence in the line the value came
	// from, lowered when the value was found by position or plausibility
	// rather than after its label.
	Confidence float64
	Source     string   // SourceVisual
	Box        ocr.Quad // the box of the line the value was read from
	Line       int      // index of that line in Extract's input
}

// Result is what Extract read.
type Result struct {
	// Fields by name (Surname, BirthDate, …). A field not found is absent.
	Fields map[string]Field
	// DocumentType is one of the Type constants, or "" when no title was
	// read; TypeConfidence is 0..1.
	DocumentType   string
	TypeConfidence float64
	// IssuingCountry is an ICAO code (alpha-3, "D" for Germany) or "".
	IssuingCountry string
	// Script is the dominant ocr.Script of the text, or "".
	Script string
	// Keywords are the titles and state names that decided the type and
	// country, as listed in this package's tables.
	Keywords []string
}

// how says how a value was found; a lower value is more trustworthy.
type how int

const (
	afterLabel     how = iota // on the label's line, after it
	selfEvident               // a form that names itself: 昭和60年3月12日生, 第…号, a resident registration number
	rightOfLabel              // in the next box to the right of the label
	belowLabel                // in the line under the label
	byLayout                  // by position on a known card layout
	byPlausibility            // the earliest past / latest future date
)

// confidenceFactor scales the line's confidence by how the value was found.
var confidenceFactor = [...]float64{afterLabel: 1, selfEvident: 0.95, rightOfLabel: 0.95, belowLabel: 0.9, byLayout: 0.7, byPlausibility: 0.6}

type candidate struct {
	field, value string
	how          how
	t            *text
}

// slot is one label (or chain of the same label in several languages,
// "Date of birth / Date de naissance") on a line, with its inline value.
type slot struct {
	t            *text
	fields       []string
	num          string  // EU licence field number, upper case ("4B")
	vStart, vEnd int     // the inline value, bytes of t.s
	x0           float64 // estimated image x of the slot's start
}

type extractor struct {
	ts        []*text // in reading order
	now       time.Time
	today     dates.Date
	order     dates.Order
	docType   string
	country   string
	numbered  bool // EU licence field numbers are labels
	korean    bool
	slots     []*slot
	lineSlots map[*text][]*slot // the slots of each line that has any
	labelLine map[*text]bool    // lines that start with a label: not values
	cands     []candidate
	used      map[string]bool // "line|date": dates already claimed by a label
	rrnLine   *text
}

// Extract reads the fields of one document from its OCR lines. now decides
// which two-digit years are past and which dates are in the future.
func Extract(lines []ocr.Line, now time.Time) Result {
	ts := make([]*text, len(lines))
	for i, l := range lines {
		ts[i] = newText(i, l)
	}
	ts = joinSpaced(ts)
	// Reading order: labels come before the values under them, and "the
	// first" of equal candidates is the top-most.
	slices.SortStableFunc(ts, func(a, b *text) int {
		if c := cmp.Compare(a.y0, b.y0); c != 0 {
			return c
		}
		return cmp.Compare(a.x0, b.x0)
	})
	res := Result{Fields: map[string]Field{}, Script: dominantScript(ts)}
	res.DocumentType, res.TypeConfidence, res.IssuingCountry, res.Keywords = classify(ts)

	e := &extractor{
		ts: ts, now: now, today: dates.Date{Year: now.Year(), Month: int(now.Month()), Day: now.Day()},
		order: dates.DMY, docType: res.DocumentType, country: res.IssuingCountry,
		numbered:  res.DocumentType == TypeDriversLicense,
		korean:    res.IssuingCountry == "KOR" || res.Script == string(ocr.Hangul),
		lineSlots: map[*text][]*slot{}, labelLine: map[*text]bool{}, used: map[string]bool{},
	}
	if o, ok := dateOrders[res.IssuingCountry]; ok {
		e.order = o
	}
	for _, t := range ts {
		if !t.mrz {
			e.scanLine(t)
		}
	}
	for _, s := range e.slots {
		e.fill(s)
	}
	e.selfEvident()
	e.koreanLayout()
	e.plausibleDates()

	best := map[string]candidate{}
	for _, c := range e.cands {
		if b, ok := best[c.field]; !ok || better(c, b) {
			best[c.field] = c
		}
	}
	e.nativeNames(best)
	for name, c := range best {
		if name == issuingCode {
			if res.IssuingCountry == "" {
				res.IssuingCountry = c.value
			}
			continue
		}
		res.Fields[name] = Field{
			Name: name, Value: c.value, Source: SourceVisual, Box: c.t.line.Box, Line: c.t.idx,
			Confidence: c.t.line.Confidence * confidenceFactor[c.how],
		}
	}
	return res
}

// better reports whether a is preferred to b: found in a more reliable
// way, then read with more confidence, then earlier in reading order.
func better(a, b candidate) bool {
	if a.how != b.how {
		return a.how < b.how
	}
	if a.t.line.Confidence != b.t.line.Confidence {
		return a.t.line.Confidence > b.t.line.Confidence
	}
	return a.t.y0 < b.t.y0
}

func (e *extractor) add(field, value string, h how, t *text) {
	if value != "" {
		e.cands = append(e.cands, candidate{field, value, h, t})
	}
}

func (e *extractor) has(fields ...string) bool {
	return slices.ContainsFunc(e.cands, func(c candidate) bool { return slices.Contains(fields, c.field) })
}

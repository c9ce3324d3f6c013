package tess

import (
	"context"

	"openkyc/internal/engine/imaging"
)

// Identify reads a line whose language is unknown, typically one PaddleOCR
// could not read, once in each candidate language (all of the pool's when
// candidates is empty) and returns the language whose reading scores best,
// with that reading.
//
// The score is Confidence × ScriptShare(Text, lang): Tesseract reading a
// script it was not trained for often answers with confident-looking text
// in its own alphabet or in Latin (rus reads ヤマダ as "УхЯ", jpn reads
// РОССИЙСКАЯ as "POCCMMCKA" with 0.33 and ИВАНОВ as "MBAHOB" with 0.91),
// so confidence alone is not enough, and a reading only counts as far as
// it is written in its language's script. Digits and date punctuation are
// neutral, so a reading of only digits scores 0 in every language. Ties go
// to the higher confidence, then to the earlier candidate. A candidate
// without a known script (see ScriptShare) is scored on confidence alone.
//
// On the rendered test lines the right language scored 0.73–0.96 and the
// best wrong one at most 0.54 (kor reading ИВАНОВ as "48사08"); on the
// Korean card crops kor won with 0.78–0.96. kor, jpn and rus never claimed
// each other's lines, but jpn and chi_sim both read kanji-only lines well
// (中华人民共和国: 0.85 and 0.86), so do not offer both for one line unless
// either answer will do. Identify always names a language: a Latin line
// offered kor, jpn and rus came out as rus "РАЗЗРОВТ" with 0.44, so send
// it only lines PaddleOCR could not read, and treat a low Confidence as
// "unreadable".
//
// It reads the candidates one after another (about 3× a Read, 28 ms for
// kor+jpn+rus on the test lines) rather than in parallel: on 2 cores the
// other requests' lines use the second core.
func (p *Pool) Identify(ctx context.Context, line *imaging.Image, candidates []string) (lang string, res Result, err error) {
	if len(candidates) == 0 {
		candidates = p.order // never empty: NewPoolOptions refuses no languages
	}
	bestScore := -1.0
	for _, c := range candidates {
		r, err := p.Read(ctx, line, c)
		if err != nil {
			return "", Result{}, err
		}
		score := r.Confidence
		if share, ok := ScriptShare(r.Text, c); ok {
			score *= share
		}
		if score > bestScore || (score == bestScore && r.Confidence > res.Confidence) {
			lang, res, bestScore = c, r, score
		}
	}
	return lang, res, nil
}

// Package docgen renders labelled synthetic identity documents: Korean
// resident cards and driving licences, Japanese driving licences, Chinese
// resident identity cards, Russian and other passports, European TD1
// identity cards, and negatives (student cards, payment cards, scenes with
// no card), each photographed the way a KYC upload looks.
//
// Real specimens are few and cannot ship with the project, so the document
// engine is developed and measured on these. Every image comes with its
// truth in the format of `openkyc eval documents` (truth.jsonl), and the
// same seed always gives the same bytes, so a regression is a diff.
//
// Text is drawn with the fonts Debian installs (fonts-noto-cjk,
// fonts-dejavu-core, fonts-ocr-b); portraits are real photographs cropped
// from the sample photos `make deps` installs (models.SamplesDir).
package docgen

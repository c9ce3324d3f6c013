// Package eval is the model-free half of `openkyc eval`: it reads labelled
// evaluation folders, builds verification pairs, turns scores into biometric
// metrics (EER, TAR at a fixed FAR, APCER/BPCER, latency percentiles) and
// formats the reports described in the "Evaluation formats" section of the
// test-data README.
//
// Nothing here runs a model or decodes an image: callers compute scores with
// the engine and hand them over, which keeps every number in a report
// reproducible from plain slices in unit tests.
//
// Conventions used throughout:
//   - A face score is a similarity (higher = more alike); a pair is accepted
//     when score >= threshold.
//   - A liveness score is higher for live faces; an image is accepted as live
//     when score >= threshold.
//   - Rates are fractions in 0..1. A rate that cannot be computed (no data,
//     or not resolvable with the data at hand) is NaN in Go and null in JSON.
package eval

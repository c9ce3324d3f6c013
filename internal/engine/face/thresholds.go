package face

// Defaults chosen from measurements; docs/accuracy.md holds the figures and
// the commands that produced them. Projects override them.
const (
	// DefaultMatchThreshold is the cosine similarity at or above which two
	// faces are the same person: the lowest value keeping the false-accept
	// rate at or under 1e-3 on every labelled set with 1000+ impostor
	// pairs, photo-vs-photo and photo-vs-ID-portrait (docs/accuracy.md).
	DefaultMatchThreshold = 0.46
	// DefaultLivenessThreshold is the live score at or above which a face
	// passes passive liveness.
	DefaultLivenessThreshold = 0.60
	// DefaultFlipEmbedding says whether the engine averages the embedding
	// of the mirrored face by default.
	DefaultFlipEmbedding = false
)

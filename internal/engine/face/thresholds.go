package face

// Defaults chosen from measurements; docs/accuracy.md holds the figures and
// the commands that produced them. Projects override them.
const (
	// DefaultMatchThreshold is the cosine similarity at or above which two
	// faces are the same person.
	DefaultMatchThreshold = 0.40
	// DefaultLivenessThreshold is the live score at or above which a face
	// passes passive liveness.
	DefaultLivenessThreshold = 0.60
	// DefaultFlipEmbedding says whether the engine averages the embedding
	// of the mirrored face by default.
	DefaultFlipEmbedding = false
)

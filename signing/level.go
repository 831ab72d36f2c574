package signing

// Level is the PAdES baseline level a signature reaches (ETSI EN 319
// 142-1). The zero value is [LevelUnknown].
type Level int

const (
	// LevelUnknown: the signature is not a valid CMS signature (or is a
	// document timestamp).
	LevelUnknown Level = iota
	// LevelB is B-B: a valid signature with its signing certificate.
	LevelB
	// LevelT is B-T: and a trusted timestamp proves when it existed (its
	// own signature timestamp, or a document timestamp after it).
	LevelT
	// LevelLT is B-LT: and the file's document security store (DSS)
	// holds the certificates and revocation data (OCSP responses, CRLs)
	// to validate the signer's chain without the network.
	LevelLT
	// LevelLTA is B-LTA: and a trusted document timestamp covers that
	// validation data.
	LevelLTA
)

var levelNames = map[Level]string{LevelB: "B-B", LevelT: "B-T", LevelLT: "B-LT", LevelLTA: "B-LTA"}

// String returns "B-B", "B-T", "B-LT", "B-LTA" or "unknown".
func (l Level) String() string { return enumString(levelNames, l, "Level") }

// MarshalText implements [encoding.TextMarshaler].
func (l Level) MarshalText() ([]byte, error) { return enumMarshal(levelNames, l, "level") }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (l *Level) UnmarshalText(b []byte) error { return enumUnmarshal(levelNames, l, b, "level") }

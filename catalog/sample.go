package catalog

import (
	"bytes"
	_ "embed"
)

//go:embed data/sample.json
var sampleJSON []byte

// Sample returns the embedded sample catalogue: 51 realistic procedures
// across the commune, province and central levels and sectors such as civil
// status, certification, business and household-business registration, land,
// construction, judicial records, social protection, residence, transport,
// health and education, with their required documents, processing days,
// online levels and legal bases. Codes are illustrative (see [Catalog.Note]).
// Each call returns a new Catalog.
func Sample() (*Catalog, error) {
	return ReadJSON(bytes.NewReader(sampleJSON))
}

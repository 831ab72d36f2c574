package fees

import (
	_ "embed"
)

//go:embed sample.json
var sampleJSON []byte

// SampleJSON returns a copy of the embedded sample schedule document.
func SampleJSON() []byte { return append([]byte(nil), sampleJSON...) }

// Sample builds the embedded sample schedule: 25 real items (enterprise
// and household business registration, civil status, judicial record
// certificate, certified copies and signatures, notarisation by value,
// construction permits in Hà Nội, identity cards, registration fee on
// land, houses, motorcycles and cars) with their legal basis, the
// exemptions and group rates, the online exemption for enterprise
// registration and the temporary cuts of Circulars 47/2021/TT-BTC and
// 64/2025/TT-BTC. Figures set by a province are Hà Nội's (locality "01").
// Each entry's note says what was checked and what is assumed (audited
// against the cited articles for issue #19: registration fees have no cap
// from 1 March 2022, when Decree 10/2022/NĐ-CP replaced Decree
// 140/2016/NĐ-CP and its 500,000,000 đồng cap): use it for
// tests and demonstrations, and check figures against the official
// gazette before charging anyone. Each call builds a new Schedule.
func Sample() (*Schedule, error) {
	return ParseJSON(sampleJSON)
}

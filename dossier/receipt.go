package dossier

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Receipt is what a citizen keeps to prove later what was filed: the
// dossier's code, the hash of the submission's event (which commits to
// everything the submission recorded, see [SubmissionData]) and its index
// in the agency's transparency log. With a checkpoint of the log and an
// inclusion proof of that index ([ProveInclusion]), anyone can check that
// the submission is in the log as it was filed, without the database.
type Receipt struct {
	// Code is the dossier code.
	Code string
	// SubmitHash is the [Event.Hash] of the submission's event.
	SubmitHash Hash
	// LogIndex is the index of that event's leaf in the log.
	LogIndex int64
}

// receiptPrefix starts a receipt's text form.
const receiptPrefix = "motcua-receipt/1 "

// String returns the receipt's text form, for printing and QR codes:
//
//	motcua-receipt/1 CODE HASH INDEX
//
// with HASH in lowercase hex and INDEX in decimal, one space between.
// [ParseReceipt] reads it back.
func (r Receipt) String() string {
	return receiptPrefix + r.Code + " " + r.SubmitHash.String() + " " + strconv.FormatInt(r.LogIndex, 10)
}

// ParseReceipt reads a receipt's text form ([Receipt.String]); anything else
// is an error wrapping [ErrInvalidDossier]. Surrounding white space is
// ignored.
func ParseReceipt(s string) (Receipt, error) {
	bad := func(why string) (Receipt, error) {
		return Receipt{}, fmt.Errorf("%w: receipt: %s", ErrInvalidDossier, why)
	}
	s = strings.TrimSpace(s)
	if len(s) > 512 {
		return bad("longer than 512 bytes")
	}
	rest, ok := strings.CutPrefix(s, receiptPrefix)
	if !ok {
		return bad("does not start with " + strings.TrimSpace(receiptPrefix))
	}
	f := strings.Split(rest, " ")
	if len(f) != 3 {
		return bad(fmt.Sprintf("%d fields after the prefix, want 3", len(f)))
	}
	if _, _, _, err := ParseCode(f[0]); err != nil {
		return bad(err.Error())
	}
	var h Hash
	if err := h.UnmarshalText([]byte(f[1])); err != nil || strings.ToLower(f[1]) != f[1] {
		return bad("hash is not 64 lowercase hex digits")
	}
	i, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || i < 0 || strconv.FormatInt(i, 10) != f[2] {
		return bad("log index is not a decimal number")
	}
	return Receipt{Code: f[0], SubmitHash: h, LogIndex: i}, nil
}

// Leaf returns the log leaf the receipt names: [LeafHash] of the
// submission's event.
func (r Receipt) Leaf() Hash { return LeafHash(&Event{Hash: r.SubmitHash}) }

// VerifyInclusion checks, with an inclusion proof of the receipt's index in
// the checkpoint's tree, that the submission is in the log the checkpoint
// commits to; an error wraps [ErrProof].
func (r Receipt) VerifyInclusion(cp Checkpoint, p InclusionProof) error {
	if p.Index != r.LogIndex {
		return &ProofError{Proof: "inclusion", Index: p.Index, Size: p.Size, Why: fmt.Sprintf("the proof is for index %d, the receipt names %d", p.Index, r.LogIndex)}
	}
	return cp.VerifyInclusion(p, r.Leaf())
}

// Receipt returns the receipt of the dossier with the given code: its
// submission's hash and log index, read from the store.
func (s *Service) Receipt(ctx context.Context, code string) (Receipt, error) {
	d, err := s.store.Get(ctx, code)
	if err != nil {
		return Receipt{}, err
	}
	if len(d.Events) == 0 {
		return Receipt{}, fmt.Errorf("%w: %s has no trail", ErrInvalidDossier, code)
	}
	for e, err := range s.store.DossierEntries(ctx, code) {
		if err != nil {
			return Receipt{}, fmt.Errorf("dossier: receipt of %s: %w", code, err)
		}
		if e.Seq != 1 || e.Leaf != LeafHash(&d.Events[0]) {
			return Receipt{}, fmt.Errorf("%w: %s: the log's first entry does not match the submission", ErrTampered, code)
		}
		return Receipt{Code: code, SubmitHash: d.Events[0].Hash, LogIndex: e.Index}, nil
	}
	return Receipt{}, fmt.Errorf("%w: %s: the submission is not in the log", ErrTampered, code)
}

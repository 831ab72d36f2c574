package signing_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/peakrss"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/require"
)

// The benchmarks of issue #17, each side by side with what it is compared
// with, in one run:
//
//	go test -run '^$' -bench 'Revocation|TwoPhase|FixedCost' -benchmem ./signing

// BenchmarkVerifyRevocation verifies a 10 MB file with two signatures,
// extended to B-LT: "today" is Verify as before (no revocation check),
// "offline" checks every chain against the OCSP responses the file embeds.
func BenchmarkVerifyRevocation(b *testing.B) {
	ca, err := signingtest.NewCA("bench CA", testNow)
	if err != nil {
		b.Fatal(err)
	}
	responder := ca.StartRevocation()
	defer responder.Close()
	applicant := newSigner(b, ca, "Trần Văn Nghĩa", signingtest.ECDSAP256)
	officer := newSigner(b, ca, "Cán bộ", signingtest.RSA2048)
	doc := samplePDF(b, signingtest.PDFOptions{MinSize: 10 << 20, FormField: true})
	doc = mustSign(b, mustSign(b, doc, applicant, signing.Options{Time: testNow}), officer, signing.Options{Time: testNow})
	var lt bytes.Buffer
	if err := signing.AddValidationData(context.Background(), bytes.NewReader(doc), int64(len(doc)), &lt, signing.ValidationOptions{}); err != nil {
		b.Fatal(err)
	}
	doc = lt.Bytes()
	for _, c := range []struct {
		name string
		mode signing.Revocation
	}{{"10MB-2sigs-LT/today", signing.RevocationNone}, {"10MB-2sigs-LT/offline", signing.RevocationOffline}} {
		p := signing.Policy{Roots: ca.Pool(), At: testNow, Revocation: c.mode}
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				rep, err := signing.Verify(context.Background(), bytes.NewReader(doc), int64(len(doc)), p)
				if err != nil || rep.Status != signing.StatusValidWithChanges {
					b.Fatalf("%v %v", err, rep)
				}
			}
		})
	}
}

// BenchmarkTwoPhase compares Sign with Prepare, the state's JSON round
// trip, the signature and Complete, on 100 KB and 10 MB, ECDSA P-256;
// "sign+sha256" is Sign and one more SHA-256 of the file, what two-phase
// signing costs at least (Complete's document comes back from outside and
// is hashed again), and "prepare-complete/in-memory" keeps the Pending in
// memory instead of the JSON round trip.
func BenchmarkTwoPhase(b *testing.B) {
	ca := newCA(b)
	leaf, err := ca.Issue("Trần Văn Nghĩa", signingtest.ECDSAP256)
	if err != nil {
		b.Fatal(err)
	}
	s, err := signing.NewSigner(leaf.Key, leaf.Chain)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, sz := range []struct {
		name string
		n    int
	}{{"100KB", 100 << 10}, {"10MB", 10 << 20}} {
		doc := samplePDF(b, signingtest.PDFOptions{MinSize: sz.n})
		opt := signing.Options{Name: "Trần Văn Nghĩa", Time: testNow}
		b.Run(sz.name+"/sign", func(b *testing.B) {
			defer reportCPU(b, processCPU())
			for b.Loop() {
				if err := signing.Sign(ctx, bytes.NewReader(doc), int64(len(doc)), io.Discard, s, opt); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(sz.name+"/sign+sha256", func(b *testing.B) {
			defer reportCPU(b, processCPU())
			for b.Loop() {
				if err := signing.Sign(ctx, bytes.NewReader(doc), int64(len(doc)), io.Discard, s, opt); err != nil {
					b.Fatal(err)
				}
				sha256.Sum256(doc)
			}
		})
		for _, viaJSON := range []bool{true, false} {
			name := sz.name + "/prepare-complete"
			if !viaJSON {
				name += "/in-memory"
			}
			b.Run(name, func(b *testing.B) {
				defer reportCPU(b, processCPU())
				for b.Loop() {
					q, err := signing.Prepare(ctx, bytes.NewReader(doc), int64(len(doc)), leaf.Chain, opt)
					if err != nil {
						b.Fatal(err)
					}
					if viaJSON {
						state, err := json.Marshal(q)
						if err != nil {
							b.Fatal(err)
						}
						q = new(signing.Pending)
						if err := json.Unmarshal(state, q); err != nil {
							b.Fatal(err)
						}
					}
					sig, err := leaf.Key.Sign(rand.Reader, q.Digest(), q.Hash())
					if err != nil {
						b.Fatal(err)
					}
					if err := signing.Complete(ctx, bytes.NewReader(doc), int64(len(doc)), io.Discard, q, sig, nil, signing.CompleteOptions{Now: testNow}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkFixedCost is the fixed cost of signing: a 100 KB file with
// ECDSA P-256 by Sign (self-check included) against the floor, SHA-256 of
// the file and one signature.
func BenchmarkFixedCost(b *testing.B) {
	ca := newCA(b)
	leaf, err := ca.Issue("Bench", signingtest.ECDSAP256)
	if err != nil {
		b.Fatal(err)
	}
	s, err := signing.NewSigner(leaf.Key, leaf.Chain)
	if err != nil {
		b.Fatal(err)
	}
	doc := samplePDF(b, signingtest.PDFOptions{MinSize: 100 << 10})
	b.Run("100KB-P256/floor", func(b *testing.B) {
		defer reportCPU(b, processCPU())
		for b.Loop() {
			d := sha256.Sum256(doc)
			if _, err := leaf.Key.Sign(rand.Reader, d[:], crypto.SHA256); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The least a checked signature costs: the floor and one
	// verification of the value; and with a second hash of the file,
	// what the self-check once did to the input's bytes.
	sig, err := leaf.Key.Sign(rand.Reader, make([]byte, 32), crypto.SHA256)
	if err != nil {
		b.Fatal(err)
	}
	pub := leaf.Key.Public().(*ecdsa.PublicKey)
	for _, c := range []struct {
		name   string
		hashes int
	}{{"floor+verify", 1}, {"floor+verify+rehash", 2}} {
		b.Run("100KB-P256/"+c.name, func(b *testing.B) {
			defer reportCPU(b, processCPU())
			for b.Loop() {
				var d [32]byte
				for range c.hashes {
					d = sha256.Sum256(doc)
				}
				if _, err := leaf.Key.Sign(rand.Reader, d[:], crypto.SHA256); err != nil {
					b.Fatal(err)
				}
				// A value over other bytes: verifying it costs the same.
				if ecdsa.VerifyASN1(pub, d[:], sig) {
					b.Fatal("verified a value over other bytes")
				}
			}
		})
	}
	b.Run("100KB-P256/sign", func(b *testing.B) {
		defer reportCPU(b, processCPU())
		for b.Loop() {
			if err := signing.Sign(context.Background(), bytes.NewReader(doc), int64(len(doc)), io.Discard, s, signing.Options{Name: "Trần Văn Nghĩa", Time: testNow}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The benchmarks of issue #18: Verify and Sign of the hostile upload, a
// signed file with one update of 1,000,000 small objects (60 MB), with
// the default limits (refused with a LimitError) and with limits raised
// to read it all; peak-MB is the peak resident memory of the same call in
// a child process:
//
//	go test -run '^$' -bench 'Objects' -benchtime 3x -benchmem ./signing
func BenchmarkVerifyObjects(b *testing.B) { benchmarkObjects(b, "verify") }

// BenchmarkSignObjects is BenchmarkVerifyObjects for Sign.
func BenchmarkSignObjects(b *testing.B) { benchmarkObjects(b, "sign") }

func benchmarkObjects(b *testing.B, op string) {
	fx := newLimitsFixture(b, signingtest.PDFOptions{FormField: true})
	pdf := manyObjects(b, fx.signed, 1_000_000)
	path := filepath.Join(b.TempDir(), "hostile.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		b.Fatal(err)
	}
	for _, limits := range []string{"default-limits", "raised-limits"} {
		b.Run("1M-objects-60MB/"+limits, func(b *testing.B) {
			b.SetBytes(int64(len(pdf)))
			for b.Loop() {
				if err := objectsWork(b.Context(), op, limits, path, fx.signer); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			peakrss.ReportMetric(b, "TestHelperObjectsPeak", op+" "+limits+" "+path)
		})
	}
}

// objectsWork runs op on the file at path: with the default limits it
// must be refused with MaxRevisionObjects, with raised ones succeed.
func objectsWork(ctx context.Context, op, limits, path string, s *signing.Signer) error {
	var lim signing.Limits
	if limits == "raised-limits" {
		lim = signing.Limits{MaxObjects: 2_000_000, MaxRevisionObjects: 2_000_000}
	}
	var err error
	switch op {
	case "verify":
		_, err = signing.VerifyFile(ctx, path, signing.Policy{Limits: lim})
	case "sign":
		f, ferr := os.Open(path)
		if ferr != nil {
			return ferr
		}
		defer func() { _ = f.Close() }()
		st, ferr := f.Stat()
		if ferr != nil {
			return ferr
		}
		err = signing.Sign(ctx, f, st.Size(), io.Discard, s, signing.Options{Limits: lim})
	}
	var le *signing.LimitError
	switch {
	case limits == "default-limits" && errors.As(err, &le) && le.Limit == "MaxRevisionObjects":
		return nil
	case limits == "default-limits":
		return fmt.Errorf("want a MaxRevisionObjects LimitError, got %v", err)
	}
	return err
}

// TestHelperObjectsPeak is the child process of benchmarkObjects'
// peak-MB: it runs one call on the file and reports its peak memory.
func TestHelperObjectsPeak(t *testing.T) {
	arg, ok := peakrss.Arg()
	if !ok {
		return
	}
	f := strings.Fields(arg)
	require.Len(t, f, 3)
	var s *signing.Signer
	if f[0] == "sign" {
		s = newSigner(t, newCA(t), "Bench", signingtest.ECDSAP256)
	}
	base := peakrss.Now()
	require.NoError(t, objectsWork(t.Context(), f[0], f[1], f[2], s))
	peakrss.Report(base)
}

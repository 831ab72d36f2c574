package dossier_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"time"

	"github.com/motcua/motcua/dossier"
)

// The agency appends every event to the log, signs a checkpoint, and hands
// an inspector the checkpoint and the proof that the log holds an event.
func ExampleMemLog() {
	ctx := context.Background()
	ict := time.FixedZone("ICT", 7*60*60)
	code := "000.00.01.H12-260302-0001"

	// The agency's log key (here from a fixed seed; in production from a
	// key file or a hardware signer) and the verifier key it publishes.
	key, err := dossier.NewLogKey("log.motcua.example", ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, ed25519.SeedSize)))
	if err != nil {
		fmt.Println(err)
		return
	}
	vkey := key.Verifier().String()

	// Three events of a dossier, each a leaf of the log.
	var log dossier.MemLog
	var events []dossier.Event
	for i, step := range []struct {
		action dossier.Action
		to     dossier.Status
	}{{dossier.Submit, dossier.Submitted}, {dossier.Receive, dossier.Received}, {dossier.Start, dossier.InProgress}} {
		ev := dossier.Event{Seq: uint64(i + 1), At: time.Date(2026, 3, 2, 9, i, 0, 0, ict),
			Actor: dossier.Actor{ID: "officer-1"}, Action: step.action, To: step.to}
		if i > 0 {
			ev.PrevHash = events[i-1].Hash
		}
		ev.Hash = dossier.EventHash(code, &ev)
		events = append(events, ev)
		if _, err := log.Append(dossier.LeafHash(&ev)); err != nil {
			fmt.Println(err)
			return
		}
	}

	// The signed checkpoint of the log.
	root, err := dossier.TreeHash(ctx, log.Size(), &log)
	if err != nil {
		fmt.Println(err)
		return
	}
	signed, err := dossier.SignCheckpoint(dossier.Checkpoint{Origin: "log.motcua.example",
		Size: log.Size(), Root: root, Time: time.Date(2026, 3, 2, 17, 0, 0, 0, ict)}, key)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s", signed)

	// The proof that the log holds the receipt event (leaf 1).
	proof, err := dossier.ProveInclusion(ctx, &log, log.Size(), 1)
	if err != nil {
		fmt.Println(err)
		return
	}

	// The inspector, with the verifier key, the note, the event and the proof.
	v, err := dossier.ParseVerifierKey(vkey)
	if err != nil {
		fmt.Println(err)
		return
	}
	cp, err := dossier.OpenCheckpoint(signed, v)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("checkpoint:", cp.Size, "leaves at", cp.Time.In(ict).Format(time.DateTime))
	fmt.Println("receipt in the log:", cp.VerifyInclusion(proof, dossier.LeafHash(&events[1])) == nil)

	events[1].Actor.ID = "someone-else" // history edited afterwards
	events[1].Hash = dossier.EventHash(code, &events[1])
	fmt.Println("edited receipt in the log:", cp.VerifyInclusion(proof, dossier.LeafHash(&events[1])) == nil)
	// Output:
	// log.motcua.example
	// 3
	// nIAwW4bWZgPlUrGtssCn4iQSetcyn4+bJGPYBJEte+k=
	// 2026-03-02T10:00:00Z
	//
	// — log.motcua.example 3aeoUw6FJhzcHHgxj+OVGHXjRl7SHXjOKpOheBYBnhHTnir/oMedZXhYEwpXuQxZJkaG3UOm/R48Qbte+MlKEYYpDg0=
	// checkpoint: 3 leaves at 2026-03-02 17:00:00
	// receipt in the log: true
	// edited receipt in the log: false
}

// An inspector who kept yesterday's checkpoint checks that today's extends
// it: the log was only appended to.
func ExampleVerifyExtends() {
	ctx := context.Background()
	leaf := func(s string) dossier.Hash {
		ev := dossier.Event{Reason: s}
		ev.Hash = dossier.EventHash("000.00.01.H12-260302-0001", &ev)
		return dossier.LeafHash(&ev)
	}
	checkpoint := func(log *dossier.MemLog, size int64) (dossier.Checkpoint, error) {
		root, err := dossier.TreeHash(ctx, size, log)
		return dossier.Checkpoint{Origin: "log.motcua.example", Size: size, Root: root,
			Time: time.Date(2026, 3, 2, 10, int(size), 0, 0, time.UTC)}, err
	}

	var log dossier.MemLog
	if _, err := log.Append(leaf("a"), leaf("b"), leaf("c"), leaf("d"), leaf("e")); err != nil {
		fmt.Println(err)
		return
	}
	yesterday, err := checkpoint(&log, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	today, err := checkpoint(&log, 5)
	if err != nil {
		fmt.Println(err)
		return
	}
	proof, err := dossier.ProveConsistency(ctx, &log, yesterday.Size, today.Size)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("today extends yesterday:", dossier.VerifyExtends(yesterday, today, proof))

	// A log rewritten since yesterday cannot prove it.
	var forged dossier.MemLog
	if _, err := forged.Append(leaf("a"), leaf("B"), leaf("c"), leaf("d"), leaf("e")); err != nil {
		fmt.Println(err)
		return
	}
	rewritten, err := checkpoint(&forged, 5)
	if err != nil {
		fmt.Println(err)
		return
	}
	proof, err = dossier.ProveConsistency(ctx, &forged, yesterday.Size, rewritten.Size)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(dossier.VerifyExtends(yesterday, rewritten, proof))
	// Output:
	// today extends yesterday: <nil>
	// dossier: consistency proof from 3 to 5 leaves: the older tree is not a prefix of the newer
}

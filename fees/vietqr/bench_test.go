package vietqr_test

import (
	"io"
	"testing"

	"github.com/motcua/motcua/fees/vietqr"
)

var benchPayload = vietqr.Payload{BIN: "970436", Account: "0011001932418", Amount: 230000, Purpose: "000.00.01.H12-251126-0001"}

func BenchmarkEncode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := benchPayload.Encode(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendEncode(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, vietqr.MaxPayload)
	for b.Loop() {
		if _, err := benchPayload.AppendEncode(buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	s, err := benchPayload.Encode()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := vietqr.Decode(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWritePNG(b *testing.B) {
	s, _ := benchPayload.Encode()
	b.ReportAllocs()
	for b.Loop() {
		if err := vietqr.WritePNG(io.Discard, s, vietqr.ImageOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteSVG(b *testing.B) {
	s, _ := benchPayload.Encode()
	b.ReportAllocs()
	for b.Loop() {
		if err := vietqr.WriteSVG(io.Discard, s, vietqr.ImageOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progress draws a progress bar on standard error while long work runs
// (a folder of portal records, a large register), on a terminal only:
// when stderr is a pipe or a file nothing is drawn, unless --progress
// always asks for it. It is safe for concurrent use.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	total int64
	done  int64
	last  time.Time
}

// progressEvery is how often the bar is redrawn at most.
const progressEvery = 100 * time.Millisecond

// newProgress returns a bar for work of total units, or nil (on which
// every method does nothing) when no bar is to be drawn.
func (a *app) newProgress(label string, total int64) *progress {
	if a.progress == "never" || (a.progress == "auto" && !a.stderrTTY) {
		return nil
	}
	return &progress{w: a.stderr, label: label, total: total}
}

// add counts n more units done.
func (p *progress) add(n int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	if now := time.Now(); now.Sub(p.last) >= progressEvery {
		p.last = now
		p.draw()
	}
}

// draw writes the bar, over the previous one.
func (p *progress) draw() {
	const width = 30
	if p.total <= 0 {
		fmt.Fprintf(p.w, "\r%s %d", p.label, p.done)
		return
	}
	done := min(p.done, p.total)
	fill := int(done * width / p.total)
	fmt.Fprintf(p.w, "\r%s [%s%s] %3d%%", p.label, strings.Repeat("=", fill), strings.Repeat(" ", width-fill), done*100/p.total)
}

// finish draws the bar complete and ends its line.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = max(p.done, p.total)
	p.draw()
	fmt.Fprintln(p.w)
}

// countingReader counts the bytes read through it into a progress bar.
type countingReader struct {
	r io.Reader
	p *progress
}

func (c countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.p.add(int64(n))
	return n, err
}

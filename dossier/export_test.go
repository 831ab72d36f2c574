package dossier

// NoLog switches s's transparency log off, for benchmarks that measure the
// store with the log and without it side by side.
func NoLog(s *MemStore) *MemStore {
	s.noLog = true
	return s
}

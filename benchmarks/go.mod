module github.com/motcua/motcua/benchmarks

go 1.26

require github.com/motcua/motcua v0.0.0

replace github.com/motcua/motcua => ../

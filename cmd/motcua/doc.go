// Command motcua is motcua's one command for one-stop clerks, inspectors and rule test suites.
package main

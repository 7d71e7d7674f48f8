// Present so that the Go compiler accepts the body-less, go:linkname'd declaration of
// aliyungo's unexported util.percentReplace in main.go (a package with an assembly file is
// compiled without -complete). Intentionally empty.

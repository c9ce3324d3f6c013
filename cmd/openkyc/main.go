// Command openkyc is the self-hosted identity-verification server and its tools.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"openkyc/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

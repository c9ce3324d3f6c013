// Package cli implements openkyc's subcommands and their flags.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
)

// Version is set at build time with -ldflags "-X openkyc/internal/cli.Version=…".
var Version = "dev"

// errUsage marks an error the user fixes by reading the usage text: exit code 2.
var errUsage = errors.New("usage")

type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() map[string]command {
	return map[string]command{
		"face":     {"print every face in each image with its evidence, as JSON", runFace},
		"analyze":  {"decide on an ID photo and a selfie as the server would, with every check, as JSON", runAnalyze},
		"document": {"read and validate the identity document in each image, as JSON", runDocument},
		"compare":  {"compare the main faces of two images", runCompare},
		"eval":     {"measure accuracy on a labelled folder (faces, spoof, documents)", runEval},
		"bench":    {"measure per-stage latency and throughput on sample images; `bench e2e`: the API end to end under concurrent clients", runBench},
		"models":   {"install or verify the model files (install, verify)", runModels},
		"gen":      {"generate labelled synthetic data (documents)", runGen},
		"version":  {"print the version", runVersion},
		"migrate":  {"bring the database to this version's schema", runMigrate},
		"serve":    {"run the server: REST API and background workers (OPENKYC_DATA_DIR, OPENKYC_ADDR…)", runServe},
		"admin":    {"manage projects, API keys and users (create-project, create-key, create-user, reset-password)", runAdmin},
	}
}

// Main runs the subcommand named by args[0] and returns the process exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "openkyc: unknown command %q\n\n", args[0])
		usage(stderr, cmds)
		return 2
	}
	err := cmd.run(ctx, args[1:], stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "openkyc %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(stderr, "openkyc %s: %v\n", args[0], err)
		return 1
	}
}

func usage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: openkyc COMMAND [flags] [args]")
	fmt.Fprintln(w)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun `openkyc COMMAND -h` for the flags of one command.")
}

// newFlags returns a FlagSet that reports errors instead of exiting.
func newFlags(name, args string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: openkyc %s [flags] %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may appear before or after positional arguments,
// so `openkyc eval faces DIR --json` works as users type it.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func runVersion(_ context.Context, _ []string, stdout, _ io.Writer) error {
	fmt.Fprintln(stdout, "openkyc", Version)
	return nil
}

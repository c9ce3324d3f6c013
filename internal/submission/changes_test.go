package submission

import (
	"testing"
	"time"
)

func TestChanges(t *testing.T) {
	var c changes
	a, stopA := c.watch("sub_a")
	b, stopB := c.watch("sub_b")
	defer stopB()
	c.changed("sub_a")
	select {
	case <-a:
	case <-time.After(time.Second):
		t.Fatal("the watcher of a change was not woken")
	}
	select {
	case <-b:
		t.Fatal("another submission's watcher was woken")
	default:
	}
	stopA() // after the wake: harmless
	_, stop := c.watch("sub_c")
	stop()
	if len(c.waiters) != 1 {
		t.Errorf("watchers left behind: %v", c.waiters)
	}
	c.changed("sub_nobody") // no watcher: nothing to do
}

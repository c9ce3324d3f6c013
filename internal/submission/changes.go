package submission

import "sync"

// changes lets a request wait for a submission's next committed change in
// this process (an analysis finishing) instead of polling the database.
// Changes made by another process (a worker in the scale mode) are not
// seen: waiters keep a slow poll for those.
type changes struct {
	mu      sync.Mutex
	waiters map[string]map[chan struct{}]struct{}
}

// watch returns a channel closed at the submission's next change, and a
// func that stops watching (call it when done waiting).
func (c *changes) watch(id string) (<-chan struct{}, func()) {
	ch := make(chan struct{})
	c.mu.Lock()
	if c.waiters == nil {
		c.waiters = map[string]map[chan struct{}]struct{}{}
	}
	if c.waiters[id] == nil {
		c.waiters[id] = map[chan struct{}]struct{}{}
	}
	c.waiters[id][ch] = struct{}{}
	c.mu.Unlock()
	return ch, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if _, ok := c.waiters[id][ch]; ok {
			delete(c.waiters[id], ch)
			if len(c.waiters[id]) == 0 {
				delete(c.waiters, id)
			}
		}
	}
}

// changed wakes every watcher of the submission.
func (c *changes) changed(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for ch := range c.waiters[id] {
		close(ch)
	}
	delete(c.waiters, id)
}

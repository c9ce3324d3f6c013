package ort

import (
	"context"
	"errors"
	"fmt"
	"sync"

	onnx "github.com/yalue/onnxruntime_go"
)

// Tensor is a float32 input: its shape and its data in row-major order.
type Tensor struct {
	Shape []int64
	Data  []float32
}

// Session is one loaded model. It is safe for concurrent use: ONNX Runtime
// allows concurrent Run calls on one session, and the Runtime's semaphore
// bounds them.
type Session struct {
	rt      *Runtime
	name    string
	outputs int
	weight  int64 // intra-op threads: the runtime slots a run holds

	mu sync.RWMutex // guards s against Close
	s  *onnx.DynamicAdvancedSession
}

// Name is the model's file name, for errors and metrics.
func (s *Session) Name() string { return s.name }

// Run feeds inputs in the order given to Load and returns a copy of every
// output, in Load's order. It waits for a free inference slot or ctx.
func (s *Session) Run(ctx context.Context, inputs ...Tensor) ([][]float32, error) {
	if err := s.rt.acquire(ctx, s.weight); err != nil {
		return nil, err
	}
	defer s.rt.release(s.weight)
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.s == nil {
		return nil, ErrClosed
	}

	in := make([]onnx.Value, len(inputs))
	defer func() {
		for _, v := range in {
			if v != nil {
				v.Destroy()
			}
		}
	}()
	for i, t := range inputs {
		v, err := onnx.NewTensor(onnx.NewShape(t.Shape...), t.Data)
		if err != nil {
			return nil, fmt.Errorf("ort: %s input %d: %w", s.name, i, err)
		}
		in[i] = v
	}

	// Nil output slots make ONNX Runtime allocate them; the binding copies
	// them into Go-backed tensors, which still own an OrtValue that must be
	// destroyed or every run leaks it (ENGINE-NOTES §8.3).
	out := make([]onnx.Value, s.outputs)
	err := s.s.Run(in, out)
	defer func() {
		for _, v := range out {
			if v != nil {
				v.Destroy()
			}
		}
	}()
	if err != nil {
		return nil, fmt.Errorf("ort: run %s: %w", s.name, err)
	}
	res := make([][]float32, len(out))
	for i, v := range out {
		t, ok := v.(*onnx.Tensor[float32])
		if !ok {
			return nil, fmt.Errorf("ort: %s output %d is %T, want float32 tensor", s.name, i, v)
		}
		res[i] = append([]float32(nil), t.GetData()...)
	}
	return res, nil
}

// WarmUp runs the model once on zeros so the first real request does not pay
// for ONNX Runtime's lazy initialisation.
func (s *Session) WarmUp(ctx context.Context, shapes ...[]int64) error {
	if len(shapes) == 0 {
		return errors.New("ort: warm-up needs input shapes")
	}
	in := make([]Tensor, len(shapes))
	for i, sh := range shapes {
		n := int64(1)
		for _, d := range sh {
			n *= d
		}
		in[i] = Tensor{Shape: sh, Data: make([]float32, n)}
	}
	_, err := s.Run(ctx, in...)
	return err
}

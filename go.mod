module openkyc

go 1.26.8

require (
	github.com/yalue/onnxruntime_go v1.27.0
	golang.org/x/image v0.48.0
	golang.org/x/text v0.44.0
)

require golang.org/x/sync v0.25.0 // indirect

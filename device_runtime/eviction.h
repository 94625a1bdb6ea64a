// Code eviction: when an image does not fit in the heap, the code of every
// image that no running function needs is dropped; its slots go back to
// load-on-call and the host sends the image again on its next call. The
// host keeps every image, so nothing is lost, only link time.
//
// "Needed" is decided conservatively: an image stays when any word of the
// stack between the lazy resolver's saved registers and the frame that made
// the call points into its block (a return address into it, a pointer to
// its constants). The resolver saves every register the interrupted code may
// hold a pointer in (call_*.S), and the runtime's own frames below it are not
// scanned: they hold no pointers into images, only stale words that would
// keep dead images alive, nor are the runtime's frames above the call. Slots
// are not roots: they are what eviction resets.
#pragma once

#include "heap.h"
#include "slots.h"

namespace jlremote {

// Frees the images no word in [scanFrom, stackTop) points into. Returns the
// number of images freed.
[[nodiscard]] uint32_t evictIdleImages(Heap &heap, Slots &slots,
                                       uintptr_t scanFrom, uintptr_t stackTop);

} // namespace jlremote

/* fuzz.h
 *
 * The entry points of a libFuzzer target. With -Dfuzzing=true libFuzzer
 * calls them; otherwise fuzz-replay.c does, once per corpus file.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* A broken promise of the code under test: reported like a crash. */
#define FUZZ_CHECK(cond, ...) \
  do { \
    if (!(cond)) \
      { \
        fprintf (stderr, "fuzz check failed: %s\n", #cond); \
        fprintf (stderr, __VA_ARGS__); \
        fputc ('\n', stderr); \
        abort (); \
      } \
  } while (0)

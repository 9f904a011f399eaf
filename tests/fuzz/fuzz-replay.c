/* fuzz-replay.c
 *
 * A main() for a fuzz target built without libFuzzer (the normal gcc
 * build): feeds every file of the folders and files named on the command
 * line to LLVMFuzzerTestOneInput(), each in a buffer of exactly its size
 * so that AddressSanitizer sees any read past the end. Any crash or
 * sanitizer report fails the run; so does finding no input at all.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  uint8_t *exact;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      exit (1);
    }

  /* malloc (0) may return NULL; libFuzzer passes a valid pointer. */
  exact = malloc (length > 0 ? length : 1);
  if (exact == NULL)
    abort ();
  memcpy (exact, contents, length);
  LLVMFuzzerTestOneInput (exact, length);
  free (exact);

  return TRUE;
}

static guint
replay_path (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;
  guint n = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return replay_file (path) ? 1 : 0;

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    {
      fprintf (stderr, "cannot open %s\n", path);
      exit (1);
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);

      n += replay_path (child);
    }

  return n;
}

int
main (int   argc,
      char *argv[])
{
  guint n = 0;

  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    n += replay_path (argv[i]);

  if (n == 0)
    {
      fprintf (stderr, "no input to replay\n");
      return 1;
    }

  printf ("%u inputs replayed\n", n);
  return 0;
}

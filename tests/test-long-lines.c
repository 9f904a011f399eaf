/* test-long-lines.c
 *
 * A property of megabytes, folded every 75 octets as servers write it, is
 * read and hashed in memory linear in its length: joining folded lines
 * one copy at a time costs the square of the length (a 2 MB note once
 * needed more memory than the machine had, at every sync). Each case runs
 * in a child whose data segment may grow by a fixed budget only, so a
 * quadratic join dies there instead of passing slowly; and each checks
 * that the same text folded another way hashes and reads the same. A
 * long unfolded line, which cost time rather than memory, has a generous
 * watchdog.
 */

#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include "rapport-ical-records.h"
#include "rapport-records.h"
#include "rapport-vcard.h"

#define NOTE_SIZE  (4 * 1024 * 1024)
/* What a child may map beyond what it has mapped when it starts: a few
 * copies of the text, and AddressSanitizer's quarantine of freed blocks
 * (256 MiB by default). The quadratic join needed about 100 GiB. */
#define DATA_BUDGET (768 * 1024 * 1024)

/* VmData of /proc/self/status, in bytes: under AddressSanitizer it
 * includes the shadow memory, which is why RLIMIT_AS cannot be used. */
static guint64
current_data_size (void)
{
  g_autofree char *status = NULL;
  const char *line;
  guint64 kib = 0;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "\nVmData:");
  g_assert_nonnull (line);
  kib = g_ascii_strtoull (line + strlen ("\nVmData:"), NULL, 10);
  g_assert_cmpuint (kib, >, 0);

  return kib * 1024;
}

static void
limit_data_growth (void)
{
  struct rlimit limit;

  g_assert_cmpint (getrlimit (RLIMIT_DATA, &limit), ==, 0);
  limit.rlim_cur = current_data_size () + DATA_BUDGET;
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_cur > limit.rlim_max)
    limit.rlim_cur = limit.rlim_max;
  g_assert_cmpint (setrlimit (RLIMIT_DATA, &limit), ==, 0);
}

/* Runs the current test again in a child, which limits itself. */
static void
run_in_child (void)
{
  const char *asan = g_getenv ("ASAN_OPTIONS");
  g_autofree char *saved = g_strdup (asan);
  g_autofree char *options = NULL;

  /* Under AddressSanitizer a refused allocation gives NULL (and GLib
   * aborts) rather than a report, which would need memory itself. */
  options = g_strconcat (asan != NULL ? asan : "", asan != NULL ? ":" : "",
                         "allocator_may_return_null=1", NULL);
  g_setenv ("ASAN_OPTIONS", options, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (saved != NULL)
    g_setenv ("ASAN_OPTIONS", saved, TRUE);
  else
    g_unsetenv ("ASAN_OPTIONS");
  g_test_trap_assert_passed ();
}

static void
report_peak (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  g_test_message ("peak resident size: %ld MiB", usage.ru_maxrss / 1024);
}

/* NOTE_SIZE octets of text (ASCII, so that every fold width is valid),
 * with the escapes a vCard and an iCalendar value use. */
static char *
make_text_of_size (gsize size,
                   char  changed)
{
  GString *text = g_string_sized_new (size + 64);

  for (guint i = 0; text->len < size; i++)
    g_string_append_printf (text, "Line %u of the notes\\, said %s\\n", i,
                            i % 7 == 0 ? "Ms. Adaeze Nwosu" : "the customer");
  g_string_truncate (text, size);
  /* Somewhere in the middle, which only a reader of every line sees. */
  if (changed != '\0')
    text->str[size / 2] = changed;

  return g_string_free (text, FALSE);
}

static char *
make_text (char changed)
{
  return make_text_of_size (NOTE_SIZE, changed);
}

/* @line folded every @width octets (0: not at all), with @eol. */
static void
append_folded (GString    *out,
               const char *line,
               gsize       width,
               const char *eol)
{
  gsize length = strlen (line);

  if (width == 0 || length <= width)
    {
      g_string_append (out, line);
      g_string_append (out, eol);
      return;
    }

  g_string_append_len (out, line, width);
  g_string_append (out, eol);
  for (gsize pos = width; pos < length; pos += width - 1)
    {
      g_string_append_c (out, ' ');
      g_string_append_len (out, line + pos, MIN (width - 1, length - pos));
      g_string_append (out, eol);
    }
}

static char *
make_card (const char *note,
           gsize       width,
           const char *eol)
{
  static const char * const lines[] = {
    "BEGIN:VCARD",
    "VERSION:4.0",
    "UID:urn:uuid:6f1c2f1e-9a55-4d7b-8d2e-2b7c1c0e5a11",
    "FN:Adaeze Nwosu",
    "N:Nwosu;Adaeze;;;",
    "EMAIL;TYPE=work:adaeze@example.ng",
  };
  GString *out = g_string_new (NULL);
  g_autofree char *note_line = g_strconcat ("NOTE:", note, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    append_folded (out, lines[i], width, eol);
  append_folded (out, note_line, width, eol);
  append_folded (out, "END:VCARD", width, eol);

  return g_string_free (out, FALSE);
}

static char *
make_calendar (const char *description,
               gsize       width,
               const char *eol)
{
  static const char * const head[] = {
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Example//Test//EN",
    "BEGIN:VTODO",
    "UID:0e4c9f7a-3b1d-4c55-9a8e-5d2f7b6a1c33",
    "DTSTAMP:20260301T090000Z",
    "DUE:20260310T090000Z",
    "SUMMARY:Call Adaeze back",
  };
  GString *out = g_string_new (NULL);
  g_autofree char *description_line = g_strconcat ("DESCRIPTION:", description, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (head); i++)
    append_folded (out, head[i], width, eol);
  append_folded (out, description_line, width, eol);
  append_folded (out, "END:VTODO", width, eol);
  append_folded (out, "END:VCALENDAR", width, eol);

  return g_string_free (out, FALSE);
}

static void
test_vcard_hash (void)
{
  g_autofree char *note = NULL;
  g_autofree char *other_note = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *refolded = NULL;
  g_autofree char *unfolded = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *hash_refolded = NULL;
  g_autofree char *hash_unfolded = NULL;
  g_autofree char *hash_changed = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  note = make_text ('\0');
  other_note = make_text ('#');
  folded = make_card (note, 75, "\r\n");
  refolded = make_card (note, 40, "\n");
  unfolded = make_card (note, 0, "\r\n");
  changed = make_card (other_note, 75, "\r\n");

  limit_data_growth ();

  hash = rapport_vcard_normalized_hash (folded);
  hash_refolded = rapport_vcard_normalized_hash (refolded);
  hash_unfolded = rapport_vcard_normalized_hash (unfolded);
  hash_changed = rapport_vcard_normalized_hash (changed);

  g_assert_cmpstr (hash_refolded, ==, hash);
  g_assert_cmpstr (hash_unfolded, ==, hash);
  g_assert_cmpstr (hash_changed, !=, hash);
  report_peak ();
}

static void
test_vcard_read (void)
{
  g_autoptr(RapportVCard) card = NULL;
  g_autoptr(RapportVCard) unfolded_card = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *unfolded = NULL;
  g_autofree char *text = NULL;
  g_autofree char *written = NULL;
  g_autofree char *written_unfolded = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *hash_written = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  note = make_text ('\0');
  expected = rapport_vcard_unescape_text (note);
  folded = make_card (note, 75, "\r\n");
  unfolded = make_card (note, 0, "\n");

  limit_data_growth ();

  card = rapport_vcard_new_from_string (folded, -1, &error);
  g_assert_no_error (error);
  text = rapport_vcard_dup_text (card, "NOTE");
  g_assert_true (g_str_equal (text, expected));

  /* Written out (folded its own way) it is the same card; read from one
   * long line, it is written the same. */
  written = rapport_vcard_to_string (card);
  hash = rapport_vcard_normalized_hash (folded);
  hash_written = rapport_vcard_normalized_hash (written);
  g_assert_cmpstr (hash_written, ==, hash);

  unfolded_card = rapport_vcard_new_from_string (unfolded, -1, &error);
  g_assert_no_error (error);
  written_unfolded = rapport_vcard_to_string (unfolded_card);
  g_assert_true (g_str_equal (written_unfolded, written));
  report_peak ();
}

static void
test_ical_hash_and_read (void)
{
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *other_description = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *refolded = NULL;
  g_autofree char *unfolded = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *hash_refolded = NULL;
  g_autofree char *hash_unfolded = NULL;
  g_autofree char *hash_changed = NULL;
  g_autofree char *raw_hash = NULL;
  g_autofree char *expected = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ();
      return;
    }

  description = make_text ('\0');
  other_description = make_text ('#');
  folded = make_calendar (description, 75, "\r\n");
  refolded = make_calendar (description, 40, "\n");
  unfolded = make_calendar (description, 0, "\r\n");
  changed = make_calendar (other_description, 75, "\r\n");
  /* The same text unescaped, as iCalendar reads it. */
  expected = rapport_vcard_unescape_text (description);

  limit_data_growth ();

  hash = rapport_ical_normalized_hash (folded);
  hash_refolded = rapport_ical_normalized_hash (refolded);
  hash_unfolded = rapport_ical_normalized_hash (unfolded);
  hash_changed = rapport_ical_normalized_hash (changed);

  g_assert_cmpstr (hash_refolded, ==, hash);
  g_assert_cmpstr (hash_unfolded, ==, hash);
  g_assert_cmpstr (hash_changed, !=, hash);
  /* Read, not hashed as raw bytes (what it does with text it cannot read). */
  raw_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, folded, -1);
  g_assert_cmpstr (hash, !=, raw_hash);

  g_assert_true (rapport_ical_read_follow_up (folded, -1, follow_up, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_equal (follow_up->notes, expected));
  report_peak ();
}

/* Hashes the sync engine stored (sync_item.remote_hash, local_hash)
 * before the hash was computed in linear memory: the same text must keep
 * hashing the same, or every synced card would look changed. */
static const struct {
  const char *text;
  const char *hash;
} stored_hashes[] = {
  { NULL,
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
  { "",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
  { "BEGIN:VCARD\r\nVERSION:4.0\r\nPRODID:-//Apple Inc.//iOS 17//EN\r\nFN:Adaeze\r\n  Nwosu\r\n"
    "REV:20260301T090000Z\r\nitem1.EMAIL;TYPE=work:a@example.ng\r\nitem1.X-ABLabel:Office\r\n"
    "END:VCARD\r\n",
    "41901cf5115d57be19ac26fc4fea378d844eeda091bd6261133cc22a096b9e23" },
  { "BEGIN:VCARD\nVERSION:3.0\n\nNOTE:first\n\tsecond\n\n third\nrev;VALUE=timestamp:1\n"
    "grp.Last-Modified:x\nCREATED:y\nDTSTAMP:z\nLAST-MOD\n IFIED:folded name\nN:;;;;\nEND:VCARD",
    "de67e5bd3c183e06d18e70fbb968900a98feccf3a5f9923cd5172aff51a9695d" },
  { " leading continuation\n  and its own\rlone CR\r\r\nafter two breaks\r\n\r\n",
    "086725be65f5eef145f1849ecbb940f934c5ccca268f197c8eb3190a9364478d" },
  { "Z:1\nA:2\nA:10\na:2\nA;B=1:2\nA.B.C:3\nX.PRODID;Y=z:4\nPRODIDX:5\n",
    "52ddedcda048c35f729533004eec23423179257ceb353dbe6b32fe1e90466b76" },
};

static void
test_vcard_hash_is_stable (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (stored_hashes); i++)
    {
      g_autofree char *hash = rapport_vcard_normalized_hash (stored_hashes[i].text);

      g_assert_cmpstr (hash, ==, stored_hashes[i].hash);
    }
}

/* libical reads 79 octets at a time, and its own line reader looked for
 * the end of the line from the same place each time: a long unfolded
 * line cost the square of its length (minutes for 16 MiB, hours for the
 * 64 MiB an object may have), a sync that never ends. The watchdog is
 * generous: the reading takes seconds. */
static void
test_ical_long_unfolded_line (void)
{
  g_autofree char *description = NULL;
  g_autofree char *unfolded = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *hash_folded = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  description = make_text_of_size (4 * NOTE_SIZE, '\0');
  unfolded = make_calendar (description, 0, "\r\n");
  folded = make_calendar (description, 75, "\r\n");

  hash = rapport_ical_normalized_hash (unfolded);
  g_clear_pointer (&unfolded, g_free);
  hash_folded = rapport_ical_normalized_hash (folded);
  g_assert_cmpstr (hash, ==, hash_folded);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/long-lines/vcard/hash-stays-what-sync-items-stored", test_vcard_hash_is_stable);
  g_test_add_func ("/long-lines/vcard/a-4-mib-note-hashes-in-linear-memory", test_vcard_hash);
  g_test_add_func ("/long-lines/vcard/a-4-mib-note-reads-and-writes-in-linear-memory", test_vcard_read);
  g_test_add_func ("/long-lines/ical/a-4-mib-description-hashes-and-reads-in-linear-memory",
                   test_ical_hash_and_read);
  g_test_add_func ("/long-lines/ical/a-16-mib-line-is-read-without-rescanning", test_ical_long_unfolded_line);

  return g_test_run ();
}

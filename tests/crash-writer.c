/* crash-writer.c
 *
 * The victim of test-crash: opens the store at DATABASE and writes to it
 * through the public store API until it is killed. On stdout it keeps a
 * ledger, one line per event, flushed at once:
 *
 *   opening                    about to call rapport_store_open
 *   opened VERSION             the store is open and migrated
 *   customer UID               a customer (email, phone, type "vip") is committed
 *   interaction UID            an interaction is committed
 *   follow-up UID              a follow-up is committed
 *   updating UID NAME          about to rename a customer...
 *   updated UID NAME           ...and the rename is committed
 *   trashing UID               about to move a customer to the trash...
 *   trashed UID                ...and that is committed
 *   importing N MARKER         about to import N CSV rows in one transaction...
 *   import N MARKER            ...and all N are committed
 *
 * A line naming a committed write is printed only after the store returned
 * TRUE, so everything printed before the kill must be in the file. The
 * "-ing" lines name the one write that may be in flight when the kill
 * lands: it must then be found either whole or not at all. Imported rows
 * are named "MARKER-NNN Import" with the email "MARKER-NNN@import.example.org".
 *
 * Usage: crash-writer DATABASE SEED
 */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "rapport-phone.h"
#include "rapport-store.h"

#define IMPORT_ROWS 200

typedef struct
{
  RapportStore *store;
  GRand        *rand;
  guint32       seed;
  guint         serial;
  GArray       *live;     /* gint64: ids of customers not in the trash */
} Writer;

static void say (const char *format,
                 ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (stdout, format, args);
  va_end (args);
  fputc ('\n', stdout);

  /* Nobody is reading any more (the test died): stop writing. */
  if (fflush (stdout) != 0)
    exit (EXIT_FAILURE);
}

static G_NORETURN void
die (const char *what,
     GError     *error)
{
  g_printerr ("crash-writer: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (EXIT_FAILURE);
}

static gint64
pick_live (Writer *writer,
           guint  *index)
{
  *index = g_rand_int_range (writer->rand, 0, (gint32) writer->live->len);
  return g_array_index (writer->live, gint64, *index);
}

static void
add_customer_with_history (Writer *writer)
{
  g_autoptr(RapportCustomer) customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(RapportInteraction) interaction = rapport_interaction_new ();
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint serial = writer->serial++;

  customer->given_name = g_strdup ("Crash");
  customer->family_name = g_strdup_printf ("Tester %08x-%u", writer->seed, serial);
  customer->display_name = g_strdup_printf ("Crash Tester %08x-%u", writer->seed, serial);
  customer->language = g_strdup ("de-DE");
  customer->time_zone = g_strdup ("Europe/Berlin");
  customer->notes = g_strdup ("Written by crash-writer; killed at any moment.");
  email = g_strdup_printf ("crash-%08x-%u@example.org", writer->seed, serial);
  phone = g_strdup_printf ("+49 30 %07u", g_rand_int_range (writer->rand, 0, 10000000));
  rapport_customer_add_email (customer, email, "work", TRUE);
  rapport_customer_add_phone (customer, phone, "mobile", TRUE);
  rapport_customer_add_type (customer, "vip");

  if (!rapport_store_add_customer (writer->store, customer, &error))
    die ("add customer", error);
  g_array_append_val (writer->live, customer->id);
  say ("customer %s", customer->uid);

  interaction->customer_id = customer->id;
  interaction->when = now - g_rand_int_range (writer->rand, 0, 30 * 86400);
  interaction->channel = RAPPORT_CHANNEL_PHONE;
  interaction->direction = RAPPORT_DIRECTION_INBOUND;
  interaction->subject = g_strdup_printf ("Order %u", serial);
  interaction->body = g_strdup ("Asked when the delivery arrives.");
  interaction->action_promised = g_strdup ("Call back with the tracking number");
  interaction->handle_time = g_rand_int_range (writer->rand, 30, 900);

  if (!rapport_store_add_interaction (writer->store, interaction, &error))
    die ("add interaction", error);
  say ("interaction %s", interaction->uid);

  follow_up->customer_id = customer->id;
  follow_up->due = now + g_rand_int_range (writer->rand, -3 * 86400, 30 * 86400);
  follow_up->time_zone = g_strdup ("Europe/Berlin");
  follow_up->title = g_strdup_printf ("Send the tracking number for order %u", serial);
  follow_up->priority = g_rand_int_range (writer->rand, 0, 10);
  follow_up->origin_interaction_id = interaction->id;

  if (!rapport_store_add_follow_up (writer->store, follow_up, &error))
    die ("add follow-up", error);
  say ("follow-up %s", follow_up->uid);
}

static void
rename_customer (Writer *writer)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  guint index;

  if (!(customer = rapport_store_get_customer (writer->store, pick_live (writer, &index), &error)))
    die ("get customer", error);

  g_free (customer->display_name);
  customer->display_name = g_strdup_printf ("Renamed %08x-%u", writer->seed, writer->serial++);

  say ("updating %s %s", customer->uid, customer->display_name);
  if (!rapport_store_update_customer (writer->store, customer, &error))
    die ("update customer", error);
  say ("updated %s %s", customer->uid, customer->display_name);
}

static void
trash_customer (Writer *writer)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  guint index;

  if (!(customer = rapport_store_get_customer (writer->store, pick_live (writer, &index), &error)))
    die ("get customer", error);

  say ("trashing %s", customer->uid);
  if (!rapport_store_delete_customer (writer->store, customer->id, &error))
    die ("trash customer", error);
  g_array_remove_index_fast (writer->live, index);
  say ("trashed %s", customer->uid);
}

static void
import_batch (Writer *writer)
{
  g_autoptr(RapportImportReport) report = NULL;
  g_autoptr(GString) csv = g_string_new ("name,email,phone,type\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *marker = g_strdup_printf ("bulk%08xn%u", writer->seed, writer->serial++);

  for (guint i = 0; i < IMPORT_ROWS; i++)
    g_string_append_printf (csv, "%s-%03u Import,%s-%03u@import.example.org,+44 20 7946 %04u,vip\n",
                            marker, i, marker, i, g_rand_int_range (writer->rand, 0, 10000));

  say ("importing %u %s", IMPORT_ROWS, marker);
  if (!rapport_store_import_csv (writer->store, csv->str, csv->len,
                                 RAPPORT_IMPORT_DEFAULT, &report, &error))
    die ("import", error);
  if (report->imported != IMPORT_ROWS)
    {
      g_printerr ("crash-writer: imported %u of %u rows\n", report->imported, IMPORT_ROWS);
      exit (EXIT_FAILURE);
    }
  say ("import %u %s", report->imported, marker);

  /* The new ids are not returned; let renames and the trash reach them too. */
  g_array_unref (writer->live);
  if (!(writer->live = rapport_store_list_customer_ids (writer->store, NULL, &error)))
    die ("list customers", error);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Writer writer = { 0 };

  if (argc != 3)
    {
      g_printerr ("Usage: %s DATABASE SEED\n", argv[0]);
      return EXIT_FAILURE;
    }

  writer.seed = (guint32) g_ascii_strtoull (argv[2], NULL, 10);
  writer.rand = g_rand_new_with_seed (writer.seed);

  say ("opening");
  if (!(store = rapport_store_open (argv[1], &error)))
    die ("open", error);
  /* libphonenumber loads its metadata at the first number read: done
   * here, the kills after "opened" fall among writes. */
  rapport_phone_free (rapport_phone_parse ("+49 30 1234567", NULL, "phone", NULL));
  say ("opened %d", rapport_store_get_schema_version (store));

  writer.store = store;
  if (!(writer.live = rapport_store_list_customer_ids (store, NULL, &error)))
    die ("list customers", error);

  for (;;)
    {
      double choice = g_rand_double (writer.rand);

      if (choice < 0.04)
        import_batch (&writer);
      else if (choice < 0.14 && writer.live->len > 0)
        trash_customer (&writer);
      else if (choice < 0.34 && writer.live->len > 0)
        rename_customer (&writer);
      else
        add_customer_with_history (&writer);
    }
}

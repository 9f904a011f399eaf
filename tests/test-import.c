/* test-import.c
 *
 * CSV import: a byte order mark, quoted fields with embedded commas and
 * newlines, semicolon separators, header variants, organizations, types,
 * and broken rows (all or nothing, or skipped and reported by line).
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "test-util.h"

static RapportImportReport *
import (StoreFixture        *fixture,
        const char          *csv,
        RapportImportFlags   flags,
        gboolean             expect_ok,
        GError             **error)
{
  RapportImportReport *report = NULL;
  gboolean ok;

  ok = rapport_store_import_csv (fixture->store, csv, strlen (csv), flags, &report, error);
  g_assert_cmpint (ok, ==, expect_ok);
  g_assert_nonnull (report);

  return report;
}

static RapportCustomer *
find (StoreFixture *fixture,
      const char   *ref)
{
  g_autoptr(GError) error = NULL;
  RapportCustomer *customer = rapport_store_find_customer (fixture->store, ref, &error);

  g_assert_no_error (error);
  return customer;
}

static void
test_bom_quotes_newlines (StoreFixture  *fixture,
                          gconstpointer  data)
{
  static const char csv[] =
    "\xEF\xBB\xBF" "Name,E-mail,Phone,Language,Time_Zone,Type,Notes\r\n"
    "Amara Okafor,amara@example.com,+234 801 234 5678,en-NG,Africa/Lagos,\"returning, international\",\"Prefers calls,\r\nnot email\"\r\n"
    "\"Müller, Jürgen\",j.mueller@example.de,,de,Europe/Berlin,VIP,\"He said \"\"hello\"\"\"\r\n";
  g_autoptr(RapportImportReport) report = NULL;
  g_autoptr(RapportCustomer) okafor = NULL;
  g_autoptr(RapportCustomer) muller = NULL;
  g_autoptr(GError) error = NULL;

  report = import (fixture, csv, RAPPORT_IMPORT_DEFAULT, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->imported, ==, 2);
  g_assert_cmpuint (report->skipped, ==, 0);

  okafor = find (fixture, "amara@example.com");
  g_assert_cmpstr (okafor->display_name, ==, "Amara Okafor");
  g_assert_cmpstr (okafor->time_zone, ==, "Africa/Lagos");
  g_assert_cmpstr (rapport_customer_get_phone (okafor), ==, "+234 801 234 5678");
  g_assert_cmpstr (okafor->notes, ==, "Prefers calls,\r\nnot email");
  g_assert_true (rapport_customer_has_type (okafor, "returning"));
  g_assert_true (rapport_customer_has_type (okafor, "international"));

  muller = find (fixture, "j.mueller@example.de");
  g_assert_cmpstr (muller->display_name, ==, "Müller, Jürgen");
  g_assert_cmpstr (muller->notes, ==, "He said \"hello\"");
  /* Types by their shown name as well as their key. */
  g_assert_true (rapport_customer_has_type (muller, "vip"));
}

static void
test_semicolons_and_header_variants (StoreFixture  *fixture,
                                     gconstpointer  data)
{
  static const char csv[] =
    "First Name;Last Name;Company;Email Address;Mobile;Salutation;Country\n"
    "Grace;Uwase;Kigali Coffee Ltd;grace@kigalicoffee.rw;0788 123 456;Mrs.;rw\n"
    "Eric;Habimana;Kigali Coffee Ltd;eric@kigalicoffee.rw;;;RW\n"
    ";;Huye Roasters;info@huye.rw;;;\n";
  g_autoptr(RapportImportReport) report = NULL;
  g_autoptr(RapportCustomer) grace = NULL;
  g_autoptr(RapportCustomer) huye = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;

  report = import (fixture, csv, RAPPORT_IMPORT_DEFAULT, TRUE, &error);
  g_assert_no_error (error);
  /* Three rows; the organization is created once, for both people. */
  g_assert_cmpuint (report->imported, ==, 3);

  grace = find (fixture, "grace@kigalicoffee.rw");
  g_assert_cmpstr (grace->display_name, ==, "Grace Uwase");
  g_assert_cmpstr (grace->given_name, ==, "Grace");
  g_assert_cmpstr (grace->family_name, ==, "Uwase");
  g_assert_cmpstr (grace->form_of_address, ==, "Mrs.");
  g_assert_cmpstr (grace->country, ==, "RW");
  g_assert_cmpstr (grace->organization_name, ==, "Kigali Coffee Ltd");
  g_assert_cmpstr (((RapportContactPoint *) g_ptr_array_index (grace->phones, 0))->label, ==, "mobile");

  members = rapport_store_list_members (fixture->store, grace->organization_id, &error);
  g_assert_cmpuint (members->len, ==, 2);

  /* A row with only a company is the company. */
  huye = find (fixture, "info@huye.rw");
  g_assert_cmpint (huye->kind, ==, RAPPORT_CUSTOMER_KIND_ORGANIZATION);
  g_assert_cmpstr (huye->display_name, ==, "Huye Roasters");
}

static const char broken_csv[] =
  "name,email,language\n"
  "Ada Obi,ada@example.com,en\n"                 /* line 2: good */
  "Ben Ali,not-an-email,en\n"                    /* line 3: bad email */
  "Chen \"Wei\",chen@example.com,zh\n"            /* line 4: quote inside unquoted field */
  "Dina Haddad,dina@example.com,ar,extra\n"      /* line 5: too many fields */
  "\"Eve\nAdams\",eve@example.com,english!\n"     /* line 6-7: bad language */
  "Femi Kuti,femi@example.com,yo-NG\n";           /* line 8: good */

static void
test_broken_rows_are_all_or_nothing (StoreFixture  *fixture,
                                     gconstpointer  data)
{
  g_autoptr(RapportImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_person (fixture->store, "Existing", "existing@example.com");
  before = dump_database (fixture->path);

  report = import (fixture, broken_csv, RAPPORT_IMPORT_DEFAULT, FALSE, &error);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "line 3: "));
  g_assert_nonnull (strstr (error->message, "email"));
  g_assert_cmpuint (report->imported, ==, 0);

  after = dump_database (fixture->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_broken_rows_are_skipped_and_reported (StoreFixture  *fixture,
                                           gconstpointer  data)
{
  g_autoptr(RapportImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  report = import (fixture, broken_csv, RAPPORT_IMPORT_SKIP_INVALID, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->imported, ==, 2);
  g_assert_cmpuint (report->skipped, ==, 4);
  g_assert_cmpuint (report->problems->len, ==, 4);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (report->problems, 0), "line 3: "));
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 0), "email"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (report->problems, 1), "line 4: "));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (report->problems, 2), "line 5: "));
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 2), "fields"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (report->problems, 3), "line 6: "));
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 3), "language"));

  ids = rapport_store_list_customer_ids (fixture->store, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 2);
  {
    g_autoptr(RapportCustomer) femi = find (fixture, "femi@example.com");

    g_assert_cmpstr (femi->language, ==, "yo-NG");
  }
}

static void
test_skipped_row_leaves_no_organization (StoreFixture  *fixture,
                                         gconstpointer  data)
{
  static const char csv[] =
    "name,company,email\n"
    "Ada Obi,Ghost Company,not-an-email\n"
    "Ben Ali,Real Company,ben@example.com\n";
  g_autoptr(RapportImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  RapportCustomerQuery query = { .search = "ghost" };

  report = import (fixture, csv, RAPPORT_IMPORT_SKIP_INVALID, TRUE, &error);
  g_assert_cmpuint (report->imported, ==, 1);

  ids = rapport_store_list_customer_ids (fixture->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);

  /* Ben and his company. */
  ids = rapport_store_list_customer_ids (fixture->store, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 2);
}

static void
test_header_problems (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportImportReport) empty = NULL;
  g_autoptr(RapportImportReport) unknown = NULL;
  g_autoptr(RapportImportReport) extra = NULL;

  empty = import (fixture, "", RAPPORT_IMPORT_DEFAULT, FALSE, &error);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "header"));
  g_clear_error (&error);

  unknown = import (fixture, "foo,bar\n1,2\n", RAPPORT_IMPORT_DEFAULT, FALSE, &error);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "no known column"));
  g_clear_error (&error);

  /* Unknown columns beside known ones are ignored, and said so. */
  extra = import (fixture, "name,shoe size\nAda Obi,38\n", RAPPORT_IMPORT_DEFAULT, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (extra->imported, ==, 1);
  g_assert_cmpuint (extra->problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (extra->problems, 0), "shoe size"));
}

static void
test_unknown_type_names_row (StoreFixture  *fixture,
                             gconstpointer  data)
{
  g_autoptr(RapportImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = import (fixture, "name,type\nAda Obi,vip\nBen Ali,Martian\n", RAPPORT_IMPORT_DEFAULT, FALSE, &error);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "line 3: "));
  g_assert_nonnull (strstr (error->message, "Martian"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/import/csv/bom-quotes-commas-and-newlines", test_bom_quotes_newlines);
  ADD ("/import/csv/semicolons-header-variants-and-organizations", test_semicolons_and_header_variants);
  ADD ("/import/csv/broken-rows-are-all-or-nothing", test_broken_rows_are_all_or_nothing);
  ADD ("/import/csv/broken-rows-are-skipped-and-reported", test_broken_rows_are_skipped_and_reported);
  ADD ("/import/csv/skipped-row-leaves-no-organization", test_skipped_row_leaves_no_organization);
  ADD ("/import/csv/header-problems", test_header_problems);
  ADD ("/import/csv/unknown-type-names-the-row", test_unknown_type_names_row);

#undef ADD

  return g_test_run ();
}

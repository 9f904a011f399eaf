/* fuzz-vcard.c
 *
 * The vCard reader (rapport-vcard.h) and the vCard -> customer -> vCard
 * mapping (rapport-vcard-customer.h) on arbitrary bytes. Besides not
 * crashing, leaking or tripping a sanitizer, they keep these promises:
 *  - a card the reader accepts is written as text the reader accepts
 *    again, and writing that gives the same text (nothing drifts);
 *  - a customer read from a card can be written as vCard 3.0 and 4.0,
 *    with the card as base, and those read again.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "fuzz.h"
#include "rapport-customer.h"
#include "rapport-vcard.h"
#include "rapport-vcard-customer.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A g_return_if_fail() reached from input is a bug. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
check_round_trip (RapportVCard *card)
{
  g_autofree char *text = rapport_vcard_to_string (card);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportVCard) again = rapport_vcard_new_from_string (text, -1, &error);
  g_autofree char *text_again = NULL;

  FUZZ_CHECK (again != NULL, "the writer's card does not read: %s\n%s",
              error != NULL ? error->message : "", text);
  text_again = rapport_vcard_to_string (again);
  FUZZ_CHECK (g_strcmp0 (text, text_again) == 0, "written twice differs:\n%s\n---\n%s", text, text_again);
}

static void
check_customer (RapportVCard *card)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *organization = NULL;
  g_autoptr(RapportCustomer) customer = rapport_vcard_to_customer (card, &organization, &error);

  if (customer == NULL)
    {
      FUZZ_CHECK (error != NULL, "no customer and no error");
      return;
    }

  for (int v = RAPPORT_VCARD_VERSION_3_0; v <= RAPPORT_VCARD_VERSION_4_0; v++)
    {
      g_autoptr(RapportVCard) out = rapport_vcard_from_customer (customer, v, organization, card);
      g_autoptr(RapportVCard) fresh = rapport_vcard_from_customer (customer, v, organization, NULL);
      g_autofree char *text = NULL;
      g_autoptr(RapportVCard) back = NULL;
      g_autoptr(GError) back_error = NULL;

      FUZZ_CHECK (out != NULL && fresh != NULL, "no card for a customer");
      check_round_trip (out);
      check_round_trip (fresh);

      text = rapport_vcard_to_string (fresh);
      back = rapport_vcard_new_from_string (text, -1, &back_error);
      FUZZ_CHECK (back != NULL, "%s", back_error != NULL ? back_error->message : "");
      {
        g_autofree char *org_again = NULL;
        g_autoptr(GError) customer_error = NULL;
        g_autoptr(RapportCustomer) customer_again =
          rapport_vcard_to_customer (back, &org_again, &customer_error);

        FUZZ_CHECK (customer_again != NULL, "the card written for a customer is not a customer: %s\n%s",
                    customer_error != NULL ? customer_error->message : "", text);
      }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = rapport_vcard_parse_all ((const char *) data, size, &error);

  if (cards == NULL)
    {
      FUZZ_CHECK (error != NULL && error->message != NULL, "no cards and no error");
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "error message not UTF-8");
      return 0;
    }

  for (guint i = 0; i < cards->len; i++)
    {
      RapportVCard *card = g_ptr_array_index (cards, i);

      check_round_trip (card);
      check_customer (card);
    }

  /* The single-card reader agrees with the stream reader. */
  {
    g_autoptr(GError) one_error = NULL;
    g_autoptr(RapportVCard) one = rapport_vcard_new_from_string ((const char *) data, size, &one_error);

    FUZZ_CHECK ((one != NULL) == (cards->len == 1), "new_from_string and parse_all disagree (%u cards, %s)",
                cards->len, one_error != NULL ? one_error->message : "ok");
  }

  return 0;
}

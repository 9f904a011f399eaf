/* fuzz-multistatus.c
 *
 * The WebDAV multistatus reader (rapport-multistatus.h) on arbitrary
 * bytes, and everything a caller does with what it returns: every
 * response is found again by its href, every property looked up, every
 * node walked. Also the DAV:error body check and href normalization.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz.h"
#include "rapport-multistatus.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
walk (const RapportDavNode *node,
      guint                 depth)
{
  FUZZ_CHECK (node != NULL && node->ns != NULL && node->name != NULL && node->text != NULL,
              "a node with a NULL field");
  FUZZ_CHECK (depth < 100000, "unbounded depth");

  if (node->attributes != NULL)
    {
      guint n = g_strv_length (node->attributes);

      FUZZ_CHECK (n % 2 == 0, "attributes are not pairs");
      for (guint i = 0; i < n; i += 2)
        FUZZ_CHECK (rapport_dav_node_get_attribute (node, node->attributes[i]) != NULL,
                    "attribute %s not found", node->attributes[i]);
    }

  rapport_dav_node_find (node, RAPPORT_DAV_NS, "href");
  FUZZ_CHECK (rapport_dav_node_is (node, node->ns, node->name), "a node is not itself");

  if (node->children != NULL)
    for (guint i = 0; i < node->children->len; i++)
      walk (g_ptr_array_index (node->children, i), depth + 1);
}

static const struct { const char *ns, *name; } props[] = {
  { RAPPORT_DAV_NS, "getetag" },
  { RAPPORT_DAV_NS, "resourcetype" },
  { RAPPORT_DAV_NS, "displayname" },
  { RAPPORT_DAV_NS, "sync-token" },
  { RAPPORT_DAV_NS, "current-user-principal" },
  { RAPPORT_CALSERVER_NS, "getctag" },
  { RAPPORT_CARDDAV_NS, "address-data" },
  { RAPPORT_CARDDAV_NS, "addressbook-home-set" },
  { RAPPORT_CALDAV_NS, "calendar-data" },
  { RAPPORT_CALDAV_NS, "calendar-home-set" },
  { RAPPORT_CALDAV_NS, "supported-calendar-component-set" },
};

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *xml = (const char *) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportMultistatus) ms = rapport_multistatus_parse (xml, size, &error);

  if (ms == NULL)
    FUZZ_CHECK (error != NULL && g_utf8_validate (error->message, -1, NULL), "no result and no error");
  else
    {
      FUZZ_CHECK (ms->responses != NULL, "no response array");

      for (guint i = 0; i < ms->responses->len; i++)
        {
          const RapportMultistatusResponse *r = g_ptr_array_index (ms->responses, i);

          FUZZ_CHECK (r->href != NULL && r->raw_href != NULL && r->props != NULL, "a response with a NULL field");
          FUZZ_CHECK (rapport_multistatus_find (ms, r->href) != NULL, "response %s not found", r->href);
          FUZZ_CHECK (rapport_dav_href_equal (r->href, r->raw_href), "%s and %s differ", r->href, r->raw_href);

          for (guint k = 0; k < r->props->len; k++)
            {
              const RapportMultistatusProp *p = g_ptr_array_index (r->props, k);

              FUZZ_CHECK (p->node != NULL, "a property without a node");
              walk (p->node, 0);
            }

          for (guint k = 0; k < G_N_ELEMENTS (props); k++)
            {
              g_autofree char *text = rapport_multistatus_response_dup_text (r, props[k].ns, props[k].name);
              const RapportDavNode *node = rapport_multistatus_response_get_prop (r, props[k].ns, props[k].name);

              rapport_multistatus_response_get_prop_status (r, props[k].ns, props[k].name);
              FUZZ_CHECK ((text != NULL) == (node != NULL), "dup_text and get_prop disagree");
            }

          rapport_multistatus_is_truncated (ms, r->href);
        }

      rapport_multistatus_is_truncated (ms, "/");
      rapport_multistatus_find (ms, "/");
    }

  rapport_dav_error_body_has_condition (xml, size, RAPPORT_DAV_NS, "valid-sync-token");

  /* An href is text up to a few KiB. */
  if (size < 8192 && memchr (data, '\0', size) == NULL)
    {
      g_autofree char *href = g_strndup (xml, size);
      g_autofree char *normal = rapport_dav_normalize_href (href);
      g_autofree char *twice = rapport_dav_normalize_href (normal);

      FUZZ_CHECK (normal != NULL, "normalize returned NULL");
      FUZZ_CHECK (strcmp (normal, twice) == 0, "normalizing is not idempotent: %s -> %s", normal, twice);
      FUZZ_CHECK (rapport_dav_href_equal (href, normal), "%s is not equal to its normal form", href);
    }

  return 0;
}

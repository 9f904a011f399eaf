/* rapport-vcard-customer-private.h
 *
 * What reading a customer's card (rapport-vcard-customer.c) shares with
 * writing one (rapport-vcard-customer-write.c): how a property's text,
 * label, preference and value are read, so that writing from a base card
 * can tell which of its properties still say what the customer says.
 */
#pragma once

#include "rapport-customer.h"
#include "rapport-text.h"
#include "rapport-vcard.h"

G_BEGIN_DECLS

#define RAPPORT_PRODID        "-//Rapport//Rapport 0.1//EN"
#define RELATED_TYPE          "x-rapport-organization"
#define URN_UUID              "urn:uuid:"
#define APPLE_LABEL_OTHER     "_$!<Other>!$_"

typedef enum
{
  POINT_EMAIL,
  POINT_PHONE,
  POINT_ADDRESS,
} PointKind;

gboolean rapport_vcard_map_is_empty (const char *text);
gboolean rapport_vcard_map_str_in (const char *name, const char * const *names);
gboolean rapport_vcard_map_same_text (const char *a, const char *b, gboolean nocase);
gboolean rapport_vcard_map_same_or_cut (const char *remote, const char *local, RapportTextKind kind);
char *rapport_vcard_map_property_text (const RapportVCardProperty *property);
char *rapport_vcard_map_component (char **components, guint index);
char *rapport_vcard_map_strip_urn_uuid (const char *text);
RapportVCardProperty *rapport_vcard_map_pick_first (RapportVCard *card, const char *name);
RapportVCardProperty *rapport_vcard_map_pick_time_zone (RapportVCard *card);
RapportVCardProperty *rapport_vcard_map_pick_language (RapportVCard *card);
RapportVCardProperty *rapport_vcard_map_pick_related (RapportVCard *card);
char *rapport_vcard_map_read_label (RapportVCard *card, const RapportVCardProperty *property, PointKind kind);
gboolean rapport_vcard_map_read_preferred (const RapportVCardProperty *property);
char *rapport_vcard_map_read_point_value (const RapportVCardProperty *property, PointKind kind);
RapportAddress *rapport_vcard_map_read_address (RapportVCard *card, const RapportVCardProperty *property);
char *rapport_vcard_map_apple_phonetic_name (RapportVCard *card);

G_END_DECLS

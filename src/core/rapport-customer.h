/* rapport-customer.h
 *
 * A customer: a person or an organization, with typed multi-valued
 * emails, phones and addresses, customer types and the communication
 * profile (form of address, language, time zone, channel...).
 */
#pragma once

#include <glib-object.h>

#include "rapport-types.h"

G_BEGIN_DECLS

struct _RapportContactPoint
{
  char     *value;      /* email address, or normalized phone number */
  char     *label;      /* "work", "home", "mobile", "other" or free text */
  gboolean  preferred;
};

struct _RapportAddress
{
  char     *label;
  char     *street;
  char     *locality;
  char     *region;
  char     *postal_code;
  char     *country;    /* ISO 3166-1 alpha-2 */
  gboolean  preferred;
};

struct _RapportCustomer
{
  gint64               id;            /* 0 until stored */
  char                *uid;           /* UUID, also the vCard UID */
  RapportCustomerKind  kind;
  char                *display_name;
  char                *given_name;
  char                *family_name;
  char                *phonetic_name;
  gint64               organization_id;   /* 0: none (people only) */
  char                *organization_name; /* read-only, filled on load */
  char                *job_title;
  char                *form_of_address;   /* "Ms.", "Dr." ... */
  gboolean             first_name_basis;
  char                *language;          /* BCP 47 */
  char                *time_zone;         /* IANA */
  char                *country;           /* ISO 3166-1 alpha-2 */
  RapportChannel       preferred_channel;
  char                *best_time;
  char                *cultural_notes;
  char                *notes;
  gboolean             consent_marketing;
  char                *consent_date;      /* YYYY-MM-DD */
  char                *consent_basis;
  RapportLifecycle     lifecycle;
  GPtrArray           *emails;     /* RapportContactPoint */
  GPtrArray           *phones;     /* RapportContactPoint */
  GPtrArray           *addresses;  /* RapportAddress */
  GPtrArray           *types;      /* char* type keys, stored types only */
  GPtrArray           *derived_types; /* char* keys computed from history, read-only */
  gint64               last_contact;  /* read-only: newest interaction, 0 none */
  gint64               next_follow_up;/* read-only: next open follow-up, 0 none */
  gint64               created;
  gint64               modified;
};

#define RAPPORT_TYPE_CUSTOMER (rapport_customer_get_type ())

GType                rapport_customer_get_type      (void) G_GNUC_CONST;
RapportCustomer     *rapport_customer_new           (RapportCustomerKind    kind);
RapportCustomer     *rapport_customer_copy          (const RapportCustomer *self);
void                 rapport_customer_free          (RapportCustomer       *self);
void                 rapport_customer_add_email     (RapportCustomer       *self,
                                                     const char            *value,
                                                     const char            *label,
                                                     gboolean               preferred);
void                 rapport_customer_add_phone     (RapportCustomer       *self,
                                                     const char            *value,
                                                     const char            *label,
                                                     gboolean               preferred);
RapportAddress      *rapport_customer_add_address   (RapportCustomer       *self,
                                                     const char            *label);
void                 rapport_customer_add_type      (RapportCustomer       *self,
                                                     const char            *key);
gboolean             rapport_customer_has_type      (const RapportCustomer *self,
                                                     const char            *key);
/* The preferred email or phone, else the first; NULL when none. */
const char          *rapport_customer_get_email     (const RapportCustomer *self);
const char          *rapport_customer_get_phone     (const RapportCustomer *self);
/* "Ms. Okafor", "Amara" on first-name basis, or the display name. */
char                *rapport_customer_dup_salutation_name (const RapportCustomer *self);

RapportContactPoint *rapport_contact_point_new      (const char            *value,
                                                     const char            *label,
                                                     gboolean               preferred);
void                 rapport_contact_point_free     (RapportContactPoint   *self);
RapportAddress      *rapport_address_new            (void);
RapportAddress      *rapport_address_copy           (const RapportAddress  *self);
void                 rapport_address_free           (RapportAddress        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportCustomer, rapport_customer_free)

G_END_DECLS

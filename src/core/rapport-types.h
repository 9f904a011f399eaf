/* rapport-types.h
 *
 * Forward declarations and the enumerations of the data model. Each enum
 * has a stable lower-case key used in the database, on the command line
 * and in JSON, and a translatable label for the UI.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RapportStore         RapportStore;
typedef struct _RapportCustomer      RapportCustomer;
typedef struct _RapportContactPoint  RapportContactPoint;
typedef struct _RapportAddress       RapportAddress;
typedef struct _RapportCustomerType  RapportCustomerType;
typedef struct _RapportInteraction   RapportInteraction;
typedef struct _RapportFollowUp      RapportFollowUp;
typedef struct _RapportContract      RapportContract;
typedef struct _RapportNotice        RapportNotice;
typedef struct _RapportCase          RapportCase;
typedef struct _RapportFeedback      RapportFeedback;
typedef struct _RapportServiceTarget RapportServiceTarget;

typedef enum
{
  RAPPORT_CUSTOMER_KIND_PERSON,
  RAPPORT_CUSTOMER_KIND_ORGANIZATION,
} RapportCustomerKind;

typedef enum
{
  RAPPORT_LIFECYCLE_LEAD,
  RAPPORT_LIFECYCLE_ACTIVE,
  RAPPORT_LIFECYCLE_INACTIVE,
  RAPPORT_LIFECYCLE_CHURNED,
} RapportLifecycle;

typedef enum
{
  RAPPORT_CHANNEL_NONE,
  RAPPORT_CHANNEL_PHONE,
  RAPPORT_CHANNEL_EMAIL,
  RAPPORT_CHANNEL_SMS,
  RAPPORT_CHANNEL_SOCIAL,
  RAPPORT_CHANNEL_MESSAGING,
  RAPPORT_CHANNEL_CHAT,
  RAPPORT_CHANNEL_VIDEO,
  RAPPORT_CHANNEL_IN_PERSON,
  RAPPORT_CHANNEL_LETTER,
} RapportChannel;

typedef enum
{
  RAPPORT_DIRECTION_INBOUND,
  RAPPORT_DIRECTION_OUTBOUND,
} RapportDirection;

typedef enum
{
  RAPPORT_FOLLOW_UP_OPEN,
  RAPPORT_FOLLOW_UP_DONE,
  RAPPORT_FOLLOW_UP_CANCELLED,
} RapportFollowUpState;

typedef enum
{
  RAPPORT_CONTRACT_ACTIVE,
  RAPPORT_CONTRACT_RENEWAL_DUE,
  RAPPORT_CONTRACT_RENEWED,
  RAPPORT_CONTRACT_LAPSED,
  RAPPORT_CONTRACT_CANCELLED,
} RapportContractState;

typedef enum
{
  RAPPORT_NOTICE_DUE,
  RAPPORT_NOTICE_PREPARED,
  RAPPORT_NOTICE_SENT,
  RAPPORT_NOTICE_RENEWED,
  RAPPORT_NOTICE_LAPSED,
} RapportNoticeState;

typedef enum
{
  RAPPORT_CASE_OPEN,
  RAPPORT_CASE_IN_PROGRESS,
  RAPPORT_CASE_ESCALATED,
  RAPPORT_CASE_RESOLVED,
  RAPPORT_CASE_CLOSED,
} RapportCaseState;

typedef enum
{
  RAPPORT_SEVERITY_LOW,
  RAPPORT_SEVERITY_NORMAL,
  RAPPORT_SEVERITY_HIGH,
  RAPPORT_SEVERITY_CRITICAL,
} RapportSeverity;

typedef enum
{
  RAPPORT_CASE_CATEGORY_QUERY,
  RAPPORT_CASE_CATEGORY_FAULTY_GOODS,
  RAPPORT_CASE_CATEGORY_DELIVERY,
  RAPPORT_CASE_CATEGORY_BILLING,
  RAPPORT_CASE_CATEGORY_EXPECTATIONS,
  RAPPORT_CASE_CATEGORY_BEHAVIOUR,
  RAPPORT_CASE_CATEGORY_POLICY,
  RAPPORT_CASE_CATEGORY_WAITING,
  RAPPORT_CASE_CATEGORY_OTHER,
} RapportCaseCategory;

typedef enum
{
  RAPPORT_RESOLUTION_NONE,
  RAPPORT_RESOLUTION_REFUND,
  RAPPORT_RESOLUTION_REPLACEMENT,
  RAPPORT_RESOLUTION_REPAIR,
  RAPPORT_RESOLUTION_CORRECTION,
  RAPPORT_RESOLUTION_APOLOGY,
  RAPPORT_RESOLUTION_GOODWILL,
  RAPPORT_RESOLUTION_EXPECTATION,
} RapportResolution;

/* An enum value's stable key and translatable label. */
typedef struct
{
  int         value;
  const char *key;
  const char *label;   /* N_() marked; translate with _() when showing */
} RapportEnumInfo;

/* Each enum's table ends with a NULL key. */
extern const RapportEnumInfo rapport_customer_kind_info[];
extern const RapportEnumInfo rapport_lifecycle_info[];
extern const RapportEnumInfo rapport_channel_info[];
extern const RapportEnumInfo rapport_direction_info[];
extern const RapportEnumInfo rapport_follow_up_state_info[];
extern const RapportEnumInfo rapport_contract_state_info[];
extern const RapportEnumInfo rapport_notice_state_info[];
extern const RapportEnumInfo rapport_case_state_info[];
extern const RapportEnumInfo rapport_severity_info[];
extern const RapportEnumInfo rapport_case_category_info[];
extern const RapportEnumInfo rapport_resolution_info[];

const char *rapport_enum_to_key   (const RapportEnumInfo *info,
                                   int                    value);
const char *rapport_enum_to_label (const RapportEnumInfo *info,
                                   int                    value);
/* Looks @key up (case-insensitive, '_' and ' ' read as '-'); on failure
 * sets RAPPORT_ERROR_INVALID naming @field and listing the valid keys. */
gboolean    rapport_enum_from_key (const RapportEnumInfo *info,
                                   const char            *key,
                                   const char            *field,
                                   int                   *value,
                                   GError               **error);

G_END_DECLS

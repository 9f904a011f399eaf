/* rapport-error.c */

#include "config.h"

#include "rapport-error.h"

G_DEFINE_QUARK (rapport-error-quark, rapport_error)

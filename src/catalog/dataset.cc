#include "catalog/dataset.h"

namespace lakehouse {

Sensitivity Column::EffectiveSensitivity() const {
  if (sensitivity_override) return *sensitivity_override;
  if (pii) return SensitivityForPii(pii->kind);
  return Sensitivity::kPublic;
}

Sensitivity Dataset::EffectiveSensitivity() const {
  Sensitivity result = declared_sensitivity;
  for (const Column& column : columns) {
    result = MaxSensitivity(result, column.EffectiveSensitivity());
  }
  return result;
}

}  // namespace lakehouse

// Public surface of the shared base feature; other features import only from here.
export { AREAS, type AreaId } from './areas';
export { AreaPlaceholder } from './AreaPlaceholder';
export { LanguageSwitcher } from './LanguageSwitcher';
export { useDocumentTitle } from './useDocumentTitle';

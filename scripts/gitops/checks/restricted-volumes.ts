// PSA restrictedVolumes (restricted): only the volume types that cannot reach the node or the network on
// their own. Replaces host-path-volumes at restricted.
import { joinQuote, plural, podSecurityCheck, sortedSet } from '../pod-security.js';

/** check_restrictedVolumes.go's allowed sources. */
const ALLOWED = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];
/** The refused sources PSA names, in its order; any other is "unknown". */
const NAMED = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

export const restrictedVolumes = podSecurityCheck({
  id: 'restricted-volumes',
  psaCheck: 'restrictedVolumes',
  level: 'restricted',
  summary:
    'volumes only of types configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret',
  check({ spec }) {
    const names: string[] = [];
    const types: string[] = [];
    for (const volume of spec.volumes ?? []) {
      const source = volume as unknown as Record<string, unknown>;
      if (ALLOWED.some((key) => source[key] != null)) continue;
      // The API server defaults a volume that names no source to an emptyDir before PSA sees it.
      if (Object.keys(source).every((key) => key === 'name' || source[key] == null)) continue;
      names.push(volume.name);
      types.push(NAMED.find((key) => source[key] != null) ?? 'unknown');
    }
    const distinct = sortedSet(types);
    return names.length
      ? {
          reason: 'restricted volume types',
          detail: `${plural('volume', 'volumes', names.length)} ${joinQuote(names)} ${plural('uses', 'use', names.length)} ${plural('restricted volume type', 'restricted volume types', distinct.length)} ${joinQuote(distinct)}`,
        }
      : undefined;
  },
});

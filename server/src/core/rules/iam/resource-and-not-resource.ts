import { exclusivePairRule } from '../shared/exclusive-pair';

export default exclusivePairRule('Resource');
